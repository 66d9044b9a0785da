import Foundation
import Report
import Script

/// A host object that shows itself under a cell and contributes numbers to `results.json`.
public protocol ReportableObject: ScriptObject {
    /// How the object appears in the report when a cell displays it.
    var reportOutputs: [CellOutput] { get }
    /// The numbers (and texts) it contributes to the results, under keys that start with `key`.
    func resultEntries(key: String) -> [ResultEntry]
}

extension ReportableObject {
    public func resultEntries(key: String) -> [ResultEntry] { [] }
}

/// A host object the cell cache can store and bring back, so a cached cell need not run again.
/// The restored object must have the same fingerprint as the stored one.
public protocol PersistableObject: ScriptObject {
    /// Writes the object's state into an empty folder.
    func persist(to directory: URL) throws
}

/// Brings a persisted object back from its folder; registered per `typeName`.
public typealias ObjectRestorer = @Sendable (URL) throws -> any ScriptObject
