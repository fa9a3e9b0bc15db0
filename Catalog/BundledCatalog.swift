// This folder is data people read and edit; this file only lets the package
// ship it inside the program, so that `kadry` finds its catalogue wherever it runs.
import Foundation

public enum BundledCatalog {
    /// The folder holding services.json, credentials.json and demo/, as built into the program.
    public static var directory: URL? { Bundle.module.resourceURL }
}
