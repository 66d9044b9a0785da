/// Why a call's arguments do not fit its parameters; `argumentIndex` points at the culprit when there is one.
struct BindingFailure: Error {
    var message: String
    var argumentIndex: Int?
    /// When the culprit is inside an implicit member argument (`.lora(rnak: 4)`), which of its arguments.
    var symbolArgumentIndex: Int?
}

/// Binds call arguments to parameters as Swift does: labels in order, defaults for omitted ones,
/// and a type check (with Int-to-Double conversion) of every value.
enum ArgumentBinding {
    /// The parameters' values in parameter order, defaults filled in.
    static func bind(_ arguments: [LabeledValue], to parameters: [Parameter], callee: String)
        -> Result<[Value], BindingFailure>
    {
        let labels = Set(parameters.compactMap(\.label))
        let hasUnlabeled = parameters.contains { $0.label == nil }
        for (index, argument) in arguments.enumerated() {
            if let label = argument.label, !labels.contains(label) {
                let hint = SpellingSuggestion.hint(for: label, among: labels.sorted())
                if parameters.isEmpty {
                    return .failure(BindingFailure(message: "\(callee) takes no arguments", argumentIndex: index))
                }
                return .failure(BindingFailure(message: "unknown argument '\(label)' to \(callee)\(hint)", argumentIndex: index))
            }
            if argument.label == nil, !hasUnlabeled {
                let expected = parameters.first.map { "; expected '\($0.label ?? "_"):'" } ?? ""
                let message = parameters.isEmpty
                    ? "\(callee) takes no arguments"
                    : "missing argument label in call to \(callee)\(expected)"
                return .failure(BindingFailure(message: message, argumentIndex: index))
            }
        }

        var values: [Value] = []
        values.reserveCapacity(parameters.count)
        var next = 0
        for parameter in parameters {
            if next < arguments.count, arguments[next].label == parameter.label {
                do {
                    values.append(try arguments[next].value.converted(to: parameter.type))
                } catch {
                    let message = error.isComplete
                        ? error.message : "argument '\(parameter.name)' of \(callee) \(error.message)"
                    return .failure(BindingFailure(message: message, argumentIndex: next,
                                                   symbolArgumentIndex: error.symbolArgumentIndex))
                }
                next += 1
            } else if let defaultValue = parameter.defaultValue {
                values.append(defaultValue)
            } else {
                let position = next < arguments.count ? next : nil
                if let label = parameter.label, let later = arguments[next...].firstIndex(where: { $0.label == label }) {
                    let blocking = arguments[next].label.map { "'\($0)'" } ?? "the unlabelled argument"
                    return .failure(BindingFailure(
                        message: "argument '\(label)' must precede \(blocking) in call to \(callee)", argumentIndex: later))
                }
                return .failure(BindingFailure(
                    message: "missing argument '\(parameter.name)' in call to \(callee)", argumentIndex: position))
            }
        }
        if next < arguments.count {
            let argument = arguments[next]
            if let label = argument.label, let earlier = parameters.firstIndex(where: { $0.label == label }) {
                let given = arguments[..<next].contains { $0.label == label }
                if given {
                    return .failure(BindingFailure(message: "argument '\(label)' is given twice in call to \(callee)", argumentIndex: next))
                }
                let following = parameters[(earlier + 1)...].first { parameter in
                    arguments[..<next].contains { $0.label == parameter.label }
                }
                let after = following.map { " must precede argument '\($0.name)'" } ?? " is out of order"
                return .failure(BindingFailure(message: "argument '\(label)'\(after) in call to \(callee)", argumentIndex: next))
            }
            return .failure(BindingFailure(
                message: "too many arguments to \(callee): it takes \(parameters.count), got \(arguments.count)",
                argumentIndex: next))
        }
        return .success(values)
    }
}
