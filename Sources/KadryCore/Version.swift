/// Kadry's version, as `kadry --version` and the service's health answer say it.
public enum KadryVersion {
    public static let current = "0.27.0"
}
