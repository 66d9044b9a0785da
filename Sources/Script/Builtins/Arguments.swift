/// A call's bound arguments, by parameter name, already type-checked and defaulted.
public struct Arguments: Sendable {
    /// The callee as error messages name it: `train(...)`.
    public let callee: String
    public let names: [String]
    public let values: [Value]

    public init(callee: String, names: [String], values: [Value]) {
        self.callee = callee
        self.names = names
        self.values = values
    }

    /// The argument bound to the parameter `name`, or nil when the builtin has no such parameter.
    public subscript(name: String) -> Value? {
        names.firstIndex(of: name).map { values[$0] }
    }

    public func int(_ name: String) throws -> Int {
        guard case .int(let value) = try require(name) else { throw mismatch(name, "Int") }
        return value
    }

    public func double(_ name: String) throws -> Double {
        guard let value = try require(name).numericValue else { throw mismatch(name, "Double") }
        return value
    }

    public func string(_ name: String) throws -> String {
        guard case .string(let value) = try require(name) else { throw mismatch(name, "String") }
        return value
    }

    public func bool(_ name: String) throws -> Bool {
        guard case .bool(let value) = try require(name) else { throw mismatch(name, "Bool") }
        return value
    }

    public func array(_ name: String) throws -> [Value] {
        guard case .array(let value) = try require(name) else { throw mismatch(name, "an array") }
        return value
    }

    public func symbol(_ name: String) throws -> Symbol {
        guard case .symbol(let value) = try require(name) else { throw mismatch(name, "an implicit member") }
        return value
    }

    /// The host object bound to `name`, as its Swift class.
    public func object<Object: ScriptObject>(_ name: String, as type: Object.Type) throws -> Object {
        guard case .object(let value) = try require(name), let object = value as? Object else {
            throw mismatch(name, String(describing: type))
        }
        return object
    }

    /// True when the argument is `nil` (an omitted optional).
    public func isNil(_ name: String) throws -> Bool {
        try require(name) == .null
    }

    private func require(_ name: String) throws -> Value {
        guard let value = self[name] else {
            throw ArgumentAccessError(message: "\(callee) has no parameter '\(name)'")
        }
        return value
    }

    private func mismatch(_ name: String, _ expected: String) -> ArgumentAccessError {
        ArgumentAccessError(message: "argument '\(name)' of \(callee) is \(self[name]?.typeName ?? "missing"), not \(expected)")
    }
}

/// A builtin read an argument as a type its own signature does not promise (a host bug, reported, not trapped).
public struct ArgumentAccessError: Error, CustomStringConvertible {
    public var message: String
    public var description: String { message }
}
