/// Facts about this build, fixed when it was compiled. `engineDigest` and `moduleDigests` come from the
/// EngineDigest plugin (Plugins/EngineDigest): SHA-256s of the sources of the modules that compute cell values.
public enum BuildInfo {
    /// The first 12 hex digits of `engineDigest`, as the report shows it.
    public static var engineID: String { String(engineDigest.prefix(12)) }
}
