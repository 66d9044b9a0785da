/// Runs cells one after another; top-level bindings persist from cell to cell, as in a notebook kernel.
/// A cell that fails keeps the bindings it made before the error.
public final class Interpreter {
    public let builtins: BuiltinRegistry

    struct Binding {
        var value: Value
        var isMutable: Bool
        var type: ScriptType
        var location: SourceLocation
    }

    var globals: [String: Binding] = [:]
    /// Block scopes of the running cell, innermost last, and their ids (unique for the interpreter's life).
    var scopes: [[String: Binding]] = []
    var scopeIDs: [Int] = []
    var lastScopeID = 0
    /// Function calls in progress, and the lowest stack address calls may reach (nil when unknown).
    var callDepth = 0
    var stackFloor: Int?
    /// Top-level names the running cell has declared, to reject a second declaration in the same cell.
    private var declaredInCell: [String: SourceLocation] = [:]
    private var sink = OutputSink(context: ExecutionContext())
    /// Limits for each cell's run; the runner sets them from the notebook's front matter.
    public var budget = CellBudget.default
    /// The running cell's id, for budget errors.
    public var cellName: String?
    var budgetClock = BudgetClock()
    /// Whether the call that finished last is made for its effect (`show`, `append`): its nil is no value.
    var lastCallIsEffect = false

    public init(builtins: BuiltinRegistry = .standard) {
        self.builtins = builtins
    }

    /// The names bound at top level so far, sorted.
    public var globalNames: [String] { globals.keys.sorted() }

    /// The value of a top-level binding.
    public func value(of name: String) -> Value? { globals[name]?.value }

    /// Whether a top-level binding was declared with `var`.
    public func isMutable(_ name: String) -> Bool { globals[name]?.isMutable ?? false }

    /// Binds a top-level name from the host (parameters overridden on the command line, say).
    public func define(_ name: String, as value: Value, mutable: Bool = false,
                       at location: SourceLocation = SourceLocation(file: "<host>", line: 0, column: 0)) {
        globals[name] = Binding(value: value, isMutable: mutable, type: Interpreter.inferredType(of: value), location: location)
    }

    /// Runs a parsed cell. Errors come back as a `Diagnostic` at the failing expression.
    public func execute(_ program: Program, context: ExecutionContext = ExecutionContext()) throws -> CellResult {
        sink = OutputSink(context: context)
        scopes = []
        scopeIDs = []
        callDepth = 0
        stackFloor = StackGuard.floor()
        declaredInCell = [:]
        budgetClock = BudgetClock()
        var value: Value?
        // Functions declared at a cell's top level can be called from anywhere in it, as in a Swift file.
        for statement in program.statements {
            if case .function(let function) = statement.kind { try declare(function, at: statement.location) }
        }
        for statement in program.statements {
            try checkBudget(at: statement.location)
            value = nil
            if case .expression(let expression) = statement.kind {
                lastCallIsEffect = false
                let result = try evaluate(expression)
                let isCall = if case .call = expression.kind { true } else { false }
                if !(isCall && lastCallIsEffect && result == .null) { value = result }
            } else {
                _ = try execute(statement)
            }
        }
        let dependencies = CellDependencies(analyzing: program, builtins: Set(builtins.names))
        return CellResult(outputs: sink.outputs, value: value, defined: dependencies.defined)
    }

    enum Flow: Equatable { case normal, breakLoop, continueLoop, returned(Value) }

    func execute(_ statement: Statement) throws -> Flow {
        switch statement.kind {
        case .declaration(let declaration):
            try declare(declaration, at: statement.location)
        case let .assignment(target, operation, valueExpression):
            var value = try evaluate(valueExpression)
            if let operation {
                let current = try evaluate(target)
                value = try apply(operation, current, value, at: valueExpression.location)
            }
            try assign(value, to: target, valueLocation: valueExpression.startLocation)
        case .expression(let expression):
            _ = try evaluate(expression)
        case let .destructuring(isMutable, names, valueExpression):
            try destructure(valueExpression, into: names, isMutable: isMutable, at: statement.location)
        case let .conditional(branches, otherwise):
            for branch in branches {
                var flow: Flow?
                try withScope {
                    if try conditionsHold(branch.conditions, of: "'if'") { flow = try executeBlock(branch.body) }
                }
                if let flow { return flow }
            }
            if let otherwise { return try executeBlock(otherwise) }
        case .loop(let loop):
            return try run(loop, at: statement.location)
        case let .whileLoop(conditions, body, testsFirst):
            return try runWhile(conditions, body: body, testsFirst: testsFirst, at: statement.location)
        case .switchStatement(let switchStatement):
            return try run(switchStatement)
        case let .guardStatement(conditions, otherwise):
            return try runGuard(conditions, otherwise: otherwise, at: statement.location)
        case .function(let function):
            // Top-level functions were declared when the cell started.
            if !scopes.isEmpty { try declare(function, at: statement.location) }
        case .returnValue(let expression):
            return .returned(try expression.map(evaluate) ?? .null)
        case .breakLoop:
            return .breakLoop
        case .continueLoop:
            return .continueLoop
        }
        return .normal
    }

    /// Runs a block in a new scope; a loop's variables are bound there, declared at the loop.
    func executeBlock(_ statements: [Statement], binding names: [(String, Value)] = [],
                      declaredAt location: SourceLocation? = nil) throws -> Flow {
        pushScope()
        defer { popScope() }
        for (name, value) in names where name != "_" {
            scopes[scopes.count - 1][name] = Binding(value: value, isMutable: false, type: .any,
                                                     location: location ?? SourceLocation(file: "", line: 0, column: 0))
        }
        for statement in statements {
            try checkBudget(at: statement.location)
            let flow = try execute(statement)
            if flow != .normal { return flow }
        }
        return .normal
    }

    func condition(_ expression: Expression, of construct: String) throws -> Bool {
        let value = try evaluate(expression)
        guard case .bool(let result) = value else {
            throw Diagnostic("\(construct) condition must be a Bool, got a value of type '\(value.typeName)'",
                             at: expression.startLocation)
        }
        return result
    }

    private func declare(_ declaration: Declaration, at location: SourceLocation) throws {
        let name = declaration.name
        try checkDeclarable(name, at: location)
        var value = try evaluate(declaration.value)
        let type = declaration.type ?? Interpreter.inferredType(of: value)
        do {
            value = try value.converted(to: type)
        } catch {
            throw Diagnostic("cannot convert value of type '\(value.typeName)' to specified type '\(type)'",
                             at: declaration.value.startLocation)
        }
        bind(name, to: Binding(value: value, isMutable: declaration.isMutable, type: type, location: location))
    }

    /// Rejects a builtin's name and a second declaration of a name in the same scope (or cell).
    func checkDeclarable(_ name: String, at location: SourceLocation) throws {
        if builtins.contains(name) {
            throw Diagnostic("'\(name)' is a builtin; choose another name", at: location)
        }
        if scopes.isEmpty, let previous = declaredInCell[name] {
            throw Diagnostic("invalid redeclaration of '\(name)'", at: location, notes: ["'\(name)' was declared at \(previous)"])
        }
        if let scope = scopes.last, let previous = scope[name] {
            throw Diagnostic("invalid redeclaration of '\(name)'", at: location, notes: ["'\(name)' was declared at \(previous.location)"])
        }
    }

    /// Binds a declared name in the innermost scope, or globally at a cell's top level.
    func bind(_ name: String, to binding: Binding) {
        if scopes.isEmpty {
            declaredInCell[name] = binding.location
            globals[name] = binding
        } else {
            scopes[scopes.count - 1][name] = binding
        }
    }

    func pushScope(_ scope: [String: Binding] = [:]) {
        lastScopeID += 1
        scopes.append(scope)
        scopeIDs.append(lastScopeID)
    }

    func popScope() {
        scopes.removeLast()
        scopeIDs.removeLast()
    }

    /// Runs `body` in a new block scope.
    func withScope(_ body: () throws -> Void) throws {
        pushScope()
        defer { popScope() }
        try body()
    }

    /// The type a binding without an annotation keeps: Int, Double, String or Bool stay what they are
    /// (so `var n = 0; n = 0.5` is an error, as in Swift); collections, nil and objects accept anything.
    static func inferredType(of value: Value) -> ScriptType {
        switch value {
        case .int: return .int
        case .double: return .double
        case .string: return .string
        case .bool: return .bool
        default: return .any
        }
    }

    func lookup(_ name: String) -> Binding? {
        for scope in scopes.reversed() {
            if let binding = scope[name] { return binding }
        }
        return globals[name]
    }

    /// Every name visible here, for "did you mean" hints.
    func visibleNames() -> Set<String> {
        var names = Set(globals.keys).union(builtins.names)
        for scope in scopes { names.formUnion(scope.keys) }
        return names
    }

    private func run(_ loop: ForLoop, at location: SourceLocation) throws -> Flow {
        let pattern = "(\(loop.names.joined(separator: ", ")))"
        func bind(_ element: Value) throws -> [(String, Value)] {
            guard loop.isTuplePattern else { return [(loop.names[0], element)] }
            guard case .array(let parts) = element, parts.count == loop.names.count else {
                throw Diagnostic("cannot bind a value of type '\(element.typeName)' to the pattern \(pattern)",
                                 at: loop.sequence.startLocation)
            }
            return Array(zip(loop.names, parts))
        }
        if case let .range(lowerExpression, upperExpression, closed) = loop.sequence.kind {
            let (lower, upper) = try rangeBounds(lowerExpression, upperExpression, closed: closed, at: loop.sequence.location)
            var current = lower
            while closed ? current <= upper : current < upper {
                try checkBudget(at: location)
                let flow = try executeBlock(loop.body, binding: try bind(.int(current)), declaredAt: location)
                if flow == .breakLoop { break }
                if case .returned = flow { return flow }
                if current == Int.max { break }
                current += 1
            }
            return .normal
        }
        let sequence = try evaluate(loop.sequence)
        let elements: [Value]
        switch sequence {
        case .array(let values): elements = values
        case .dictionary(let dictionary): elements = dictionary.pairs.map { .array([$0.key, $0.value]) }
        case .string(let text): elements = text.map { .string(String($0)) }
        default:
            throw Diagnostic("for-in loop requires a sequence (an array, a dictionary, a range or a string), got a value of type '\(sequence.typeName)'",
                             at: loop.sequence.startLocation)
        }
        for element in elements {
            try checkBudget(at: location)
            let flow = try executeBlock(loop.body, binding: try bind(element), declaredAt: location)
            if flow == .breakLoop { break }
            if case .returned = flow { return flow }
        }
        return .normal
    }

    func rangeBounds(_ lowerExpression: Expression, _ upperExpression: Expression, closed: Bool,
                     at location: SourceLocation) throws -> (Int, Int) {
        let lower = try evaluate(lowerExpression)
        let upper = try evaluate(upperExpression)
        guard case .int(let low) = lower, case .int(let high) = upper else {
            throw Diagnostic("range bounds must be Int, got '\(lower.typeName)' and '\(upper.typeName)'", at: location)
        }
        guard low <= high else {
            throw Diagnostic("range requires lower bound <= upper bound, got \(low)\(closed ? "..." : "..<")\(high)", at: location)
        }
        return (low, high)
    }

    func apply(_ operation: BinaryOperator, _ left: Value, _ right: Value, at location: SourceLocation) throws -> Value {
        if operation == .add { try checkSum(left, right, at: location) }
        do {
            return try Operators.apply(operation, left, right)
        } catch {
            throw Diagnostic(error.message, at: location, notes: error.notes)
        }
    }

    func makeCallContext(callee: String, at location: SourceLocation) -> CallContext {
        CallContext(callee: callee, location: location, sink: sink)
    }
}

extension Interpreter {
    /// `0..<3`, or "none" for an empty array, for index errors.
    static func validIndices(_ count: Int) -> String {
        count == 0 ? "none, the array is empty" : "0..<\(count)"
    }
}
