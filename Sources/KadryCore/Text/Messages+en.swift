extension Messages {
    /// English, on request (`--lang en`, `Accept-Language: en`).
    public static let english: [MessageKey: String] = [
        .verbatim: "{1}",

        .hireNotApproved: "proposal {1} is {2}, not approved; the committee approves a proposal before a hire is recorded",
        .hireAlreadyRecorded: "proposal {1}: the hire is already recorded (started {2})",
        .hireInFuture: "proposal {1}: the hire date {2} is in the future (today is {3}); a hire is recorded once the person has started work",
        .hireBeforeRun: "proposal {1}: the hire date {2} is before match run {3} of {4}, which proposed this person",
        .hireBeforeAvailable: "proposal {1}: the hire date {2} is before participant {3} is available ({4})",
        .hireBeforeNeedStart: "proposal {1}: the hire date {2} is before need {3} starts ({4})",

        .employed: "employed",
        .notEmployed: "not employed",
        .retentionMonths: "the months must be 3, 6 or 12",
        .retentionNoHire: "proposal {1}: no hire recorded yet (`kadry hire {1} --on DATE`)",
        .retentionNotDue: "proposal {1}: the {2}-month check is due on {3} (started {4})",
        .retentionAlreadyRecorded: "proposal {1}: the {2}-month answer is already recorded ({3}, by {4} on {5}); a correction is made explicitly (`--correct` or \"correction\": true), and the first answer stays in the audit log",
        .retentionCorrectionOfNothing: "proposal {1}: there is no {2}-month answer to correct",

        .positionsBelowApproved: "{1}: {2} positions is fewer than the approved proposals ({3}: {4}); withdraw or reject proposals first",
        .ownerChangeRefused: "{1}: {2} cannot change from \"{3}\" to \"{4}\": the committee has decided on proposals for it ({5}); close this record and add a new one",

        .closeReasonUnknown: "\"{1}\" is not a reason for closing; accepted: {2}",
        .alreadyClosed: "{1} \"{2}\" is already closed since {3} ({4})",
        .notClosed: "{1} \"{2}\" is not closed",
        .closeHasApproved: "{1} \"{2}\" has approved proposals with no hire recorded ({3}); withdraw them first (`kadry review withdraw`)",
        .deleteReferenced: "{1} \"{2}\" cannot be deleted: {3} refer to it; close it (`kadry close`) to take it out of later runs and keep its history",
        .recordMissing: "no {1} \"{2}\"",
        .closedRecordInRun: "{1} \"{2}\" is closed",

        .encodingAmbiguous: "the file's encoding cannot be told: its bytes are not valid UTF-8, and Windows-1250 and ISO-8859-2 read different Polish letters from them (line {1}: \"{2}\" or \"{3}\"); name the encoding with --encoding (utf-8, windows-1250, iso-8859-2, utf-16)",
        .encodingMisread: "read as {1}, the file holds characters Polish files never hold (line {2}: \"{3}\"); save it as UTF-8 or name the encoding with --encoding (utf-8, windows-1250, iso-8859-2, utf-16)",
        .columnMissing: "missing column \"{1}\" ({2} need: {3})",
        .columnsFoundHeader: "the header holds: {1}",
        .duplicateIDLine: "duplicate id \"{1}\" (also on line {2})",
        .unknownValue: "{1}: \"{2}\" is not a known value; accepted: {3}",
        .unknownValueSuggest: "{1}: \"{2}\" is not a known value (did you mean \"{3}\"?); accepted: {4}",
        .dateTimeNotMidnight: "\"{1}\" is a date with a time; this column takes a date alone (e.g. 01.05.2026)",
    ]
}
