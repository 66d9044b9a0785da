import GPT2

/// `bench train --profile`: one table per model shape with its methods side by side, each phase of a step split into
/// products, attention and the rest (milliseconds per step, share of the step, products run per step), and the same
/// numbers as one record row per configuration.
enum BenchProfile {
    /// The parts of a step a table shows: a phase's products, attention or rest.
    enum Part: String, CaseIterable { case products, attention, rest }

    static func milliseconds(_ split: StepProfile.Split, _ part: Part) -> Double {
        switch part {
        case .products: return 1000 * split.products
        case .attention: return 1000 * split.attention
        case .rest: return 1000 * split.rest
        }
    }

    /// Per step: every phase's total and parts (ms), its share of the measured step, its product counts; the step's
    /// measured total and what the phases leave unaccounted.
    static func values(_ profile: StepProfile) -> [String: Double] {
        let steps = Double(max(profile.steps, 1)), step = profile.stepSeconds
        var values: [String: Double] = [
            "step_ms": 1000 * step / steps, "unaccounted_ms": 1000 * (step - profile.phaseSeconds) / steps,
            "steps": Double(profile.steps),
        ]
        for phase in StepProfile.Phase.allCases {
            let split = profile[phase], key = phase.key
            values["\(key)_ms"] = 1000 * split.total / steps
            values["\(key)_share"] = split.total / max(step, 1e-12)
            values["\(key)_cpu_ms"] = 1000 * split.cpu / steps
            for part in Part.allCases { values["\(key)_\(part)_ms"] = milliseconds(split, part) / steps }
            values["\(key)_product_calls"] = Double(split.productCalls) / steps
            values["\(key)_weight_gradient_products"] = Double(split.weightGradientProducts) / steps
        }
        return values
    }

    /// The methods of one shape side by side; rows with nothing in any method (attention outside the passes,
    /// products in the optimizer) are left out.
    static func table(model: String, methods: [(name: String, profile: StepProfile)]) -> TextTable {
        var columns = ["\(model)", "part"]
        for (name, _) in methods { columns += ["\(name) ms/step", "share", "phase CPU ms/step", "products/step"] }
        var table = TextTable(columns)
        for phase in StepProfile.Phase.allCases {
            var first = true
            for part in Part.allCases {
                let present = methods.contains { $0.profile[phase].total > 0 && (part == .rest || milliseconds($0.profile[phase], part) > 0) }
                guard present else { continue }
                let cells = methods.map { _, profile in
                    cellsFor(profile, ms: milliseconds(profile[phase], part), products: part == .products ? profile[phase] : nil,
                             cpu: first ? 1000 * profile[phase].cpu : nil)
                }
                table.add([phase.rawValue, part.rawValue] + cells.flatMap { $0 })
                first = false
            }
        }
        table.add(["unaccounted", ""] + methods.flatMap { _, profile in
            cellsFor(profile, ms: 1000 * (profile.stepSeconds - profile.phaseSeconds))
        })
        table.add(["step", "measured (mean)"] + methods.flatMap { _, profile in
            cellsFor(profile, ms: 1000 * profile.stepSeconds, cpu: 1000 * profile.phases.values.reduce(0) { $0 + $1.cpu })
        })
        return table
    }

    /// ms per step, share of the step, the CPU ms of a whole phase (shown on its first row), and (for a
    /// products row) products per step with the weight gradients among them.
    private static func cellsFor(_ profile: StepProfile, ms total: Double, products: StepProfile.Split? = nil,
                                 cpu: Double? = nil) -> [String] {
        let steps = Double(max(profile.steps, 1))
        let share = total / max(1000 * profile.stepSeconds, 1e-12)
        var counts = ""
        if let products {
            counts = TextTable.number(Double(products.productCalls) / steps)
            if products.weightGradientProducts > 0 {
                counts += " (\(TextTable.number(Double(products.weightGradientProducts) / steps)) dW)"
            }
        }
        return [TextTable.number(total / steps, decimals: 1), TextTable.number(100 * share, decimals: 1) + "%",
                cpu.map { TextTable.number($0 / steps, decimals: 1) } ?? "", counts]
    }
}
