/// What a builtin may do besides returning a value: display outputs under the cell and report progress.
public final class CallContext {
    /// The builtin's name as the cell called it.
    public let callee: String
    /// Where the call is in the notebook, for the host's own messages.
    public let location: SourceLocation
    private let sink: OutputSink

    init(callee: String, location: SourceLocation, sink: OutputSink) {
        self.callee = callee
        self.location = location
        self.sink = sink
    }

    /// Records a value to show under the cell, in call order.
    public func display(_ value: Value) {
        sink.record(Output(value: value, location: location))
    }

    /// Tells the host how far a long call has got; `fraction` is in 0...1 when known.
    public func reportProgress(_ message: String, fraction: Double? = nil) {
        sink.progress(Progress(callee: callee, location: location, message: message, fraction: fraction))
    }
}

/// A value a cell displayed, with the call that displayed it.
public struct Output: Hashable, Sendable {
    public var value: Value
    public var location: SourceLocation
}

/// A builtin's progress report.
public struct Progress: Hashable, Sendable {
    public var callee: String
    public var location: SourceLocation
    public var message: String
    public var fraction: Double?
}

/// How a running cell talks to its host while it runs.
public struct ExecutionContext {
    /// Called for each output as soon as it is displayed (outputs are also returned in `CellResult`).
    public var onOutput: (Output) -> Void
    public var onProgress: (Progress) -> Void

    public init(onOutput: @escaping (Output) -> Void = { _ in }, onProgress: @escaping (Progress) -> Void = { _ in }) {
        self.onOutput = onOutput
        self.onProgress = onProgress
    }
}

/// Collects one cell's outputs and forwards events to the host.
final class OutputSink {
    private(set) var outputs: [Output] = []
    private let context: ExecutionContext

    init(context: ExecutionContext) {
        self.context = context
    }

    func record(_ output: Output) {
        outputs.append(output)
        context.onOutput(output)
    }

    func progress(_ progress: Progress) {
        context.onProgress(progress)
    }
}
