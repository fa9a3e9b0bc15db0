/// The hard constraints of matching-v1, one function per rule, so that the
/// matcher, `kadry explain` and the tests all apply the same definition.
public enum Rules {
    /// The participant's credentials that are valid on `day`.
    public static func validCredentials(_ p: Participant, on day: Day, table: CredentialTable) -> Set<CredentialID> {
        var held = Set<CredentialID>()
        for c in p.credentials where table.isValid(c.credential, obtained: c.obtained, on: day) {
            held.insert(c.credential)
        }
        return held
    }

    /// Indices of the clauses of `requires` that no held code satisfies (AND of ORs).
    public static func unmetClauses(_ requires: [[CredentialID]], held: Set<CredentialID>) -> [Int] {
        requires.indices.filter { i in !requires[i].contains(where: held.contains) }
    }

    /// Rule 1: every clause has a code the participant holds valid on the need's start.
    public static func rule1(_ p: Participant, _ n: Need, table: CredentialTable) -> [Int] {
        unmetClauses(n.requires, held: validCredentials(p, on: n.start, table: table))
    }

    /// Rule 2: the need is within the participant's commute.
    public static func rule2(_ p: Participant, distanceKm: Double) -> Bool { distanceKm <= p.maxCommuteKm }

    /// Rule 3: available by the need's start.
    public static func rule3(_ p: Participant, _ n: Need) -> Bool { p.availableFrom <= n.start }

    /// Rule 4: can work the hours the need asks for.
    public static func rule4(_ p: Participant, _ n: Need) -> Bool { p.hoursPerWeek >= n.hoursPerWeek }

    /// Rule 5: a driving licence when the need requires one.
    public static func rule5(_ p: Participant, _ n: Need) -> Bool { !n.requiresDrivingLicence || p.drivingLicence }

    /// Rule 6: the clearances the need requires that the participant lacks.
    public static func rule6(_ p: Participant, _ n: Need) -> [String] {
        n.requiresClearances.filter { !p.clearances.contains($0) }
    }

    /// Rule 7: the service is not one the participant excluded.
    public static func rule7(_ p: Participant, _ n: Need) -> Bool { !p.excludedServices.contains(n.service) }

    /// Rule 8: the programme starts on or after `asOf` and after the participant is available.
    public static func rule8(_ p: Participant, _ t: Programme, asOf: Day) -> Bool {
        t.start >= asOf && t.start >= p.availableFrom
    }

    /// Rule 9: the programme ends on or before the need's start.
    public static func rule9(_ t: Programme, _ n: Need) -> Bool { t.end <= n.start }

    /// Rule 10: the participant's education meets the programme's minimum.
    public static func rule10(_ p: Participant, _ t: Programme) -> Bool { p.education >= t.minEducation }

    /// Rule 11: the programme is within the participant's commute.
    public static func rule11(_ p: Participant, programmeDistanceKm: Double) -> Bool {
        programmeDistanceKm <= p.maxCommuteKm
    }

    /// Rule 12: the credentials held with the programme's grants (each obtained
    /// on the programme's end) satisfy the need; returns the unmet clauses.
    public static func rule12(_ p: Participant, _ n: Need, _ t: Programme, table: CredentialTable) -> [Int] {
        var held = validCredentials(p, on: n.start, table: table)
        for g in t.grants where table.isValid(g, obtained: t.end, on: n.start) { held.insert(g) }
        return unmetClauses(n.requires, held: held)
    }
}
