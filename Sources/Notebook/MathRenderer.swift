/// Renders a small TeX subset as readable HTML, without JavaScript: letters italic, `_x`/`^x` (or braced
/// groups) as sub/superscripts, Greek letters (`\alpha`...`\omega`, `\Gamma`...`\Omega`), relations and
/// operators (`\times \cdot \ll \gg \in \le \ge \neq \approx \sim \pm \to \leftarrow \propto \subset`),
/// symbols (`\infty \partial \nabla \sum \prod \top \ldots \cdots`), `\mathbb{R}` as ℝ, `\frac{a}{b}` as a/b (in parentheses beside an operand),
/// `\sqrt{x}`, `\hat \bar \tilde` accents, `\text`/`\mathrm`/`\operatorname` upright text, `\mathbf` bold,
/// `\log \exp \min \max \sin \cos \arg \det` upright names, `\left`/`\right` (dropped), spacing commands
/// `\, \; \: \quad \qquad \!`. Unknown commands are shown literally.
struct MathRenderer {
    private let characters: [Character]
    private var cursor = 0

    static func html(for span: MathSpan) -> String {
        var renderer = MathRenderer(characters: Array(span.tex))
        let body = renderer.renderSequence(untilBrace: false).html
        let kind = span.display ? "math display" : "math"
        return "<span class=\"\(kind)\">\(body)</span>"
    }

    private init(characters: [Character]) {
        self.characters = characters
    }

    /// Rendered HTML and how many atoms it has (a/b needs parentheses around multi-atom parts).
    private struct Fragment {
        var html = ""
        var atoms = 0
        var isFraction = false
    }

    private mutating func renderSequence(untilBrace: Bool) -> Fragment {
        var pieces: [Fragment] = []
        while cursor < characters.count {
            let character = characters[cursor]
            if character == "}" {
                cursor += 1
                if untilBrace { break }
                pieces.append(Fragment(html: "}", atoms: 1))
                continue
            }
            if character == "_" || character == "^" {
                cursor += 1
                let argument = renderArgument()
                let tag = character == "_" ? "sub" : "sup"
                pieces.append(Fragment(html: "<\(tag)>\(argument.html)</\(tag)>", atoms: 0))
                continue
            }
            let atom = renderAtom()
            if !atom.html.isEmpty { pieces.append(atom) }
        }
        // A fraction written next to an operand, as in \frac{\alpha}{r} BA, reads as (α/r)BA, not α/rBA.
        for index in pieces.indices where pieces[index].isFraction {
            let before = index > 0 && pieces[index - 1].atoms == 1
            let after = index + 1 < pieces.count && pieces[index + 1].atoms == 1
            if before || after { pieces[index].html = "(\(pieces[index].html))" }
        }
        return Fragment(html: pieces.map(\.html).joined(), atoms: pieces.map(\.atoms).reduce(0, +))
    }

    /// One token or braced group, as the argument of `_`, `^` or a command.
    private mutating func renderArgument() -> Fragment {
        while cursor < characters.count, characters[cursor] == " " { cursor += 1 }
        guard cursor < characters.count else { return Fragment() }
        if characters[cursor] == "{" {
            cursor += 1
            return renderSequence(untilBrace: true)
        }
        if characters[cursor].isLetter || characters[cursor].isNumber {
            let character = characters[cursor]
            cursor += 1
            return Fragment(html: character.isLetter ? "<i>\(character)</i>" : String(character), atoms: 1)
        }
        return renderAtom()
    }

    /// The raw text of a braced argument (for `\text{...}` and friends).
    private mutating func rawArgument() -> String {
        while cursor < characters.count, characters[cursor] == " " { cursor += 1 }
        guard cursor < characters.count else { return "" }
        guard characters[cursor] == "{" else {
            cursor += 1
            return String(characters[cursor - 1])
        }
        var depth = 0
        var text = ""
        while cursor < characters.count {
            let character = characters[cursor]
            cursor += 1
            if character == "{" {
                depth += 1
                if depth == 1 { continue }
            } else if character == "}" {
                depth -= 1
                if depth == 0 { break }
            }
            text.append(character)
        }
        return text
    }

    private mutating func renderAtom() -> Fragment {
        let character = characters[cursor]
        if character == "{" {
            cursor += 1
            return renderSequence(untilBrace: true)
        }
        if character == "\\" { return renderCommand() }
        if character.isWhitespace {
            cursor += 1
            return Fragment()
        }
        if character.isLetter {
            var run = ""
            while cursor < characters.count, characters[cursor].isLetter {
                run.append(characters[cursor])
                cursor += 1
            }
            return Fragment(html: "<i>\(run)</i>", atoms: 1)
        }
        if character.isNumber {
            var run = ""
            while cursor < characters.count,
                  characters[cursor].isNumber || (characters[cursor] == "." && run.last?.isNumber == true) {
                run.append(characters[cursor])
                cursor += 1
            }
            return Fragment(html: run, atoms: 1)
        }
        cursor += 1
        switch character {
        case "+": return Fragment(html: " + ", atoms: 2)
        case "-": return Fragment(html: " \u{2212} ", atoms: 2)
        case "=": return Fragment(html: " = ", atoms: 2)
        case "<": return Fragment(html: " &lt; ", atoms: 2)
        case ">": return Fragment(html: " &gt; ", atoms: 2)
        case ",": return Fragment(html: ", ", atoms: 2)
        case "'": return Fragment(html: "\u{2032}", atoms: 0)
        case "*": return Fragment(html: "\u{2217}", atoms: 2)
        case "&": return Fragment(html: "&amp;", atoms: 1)
        case "\"": return Fragment(html: "&quot;", atoms: 1)
        default: return Fragment(html: String(character), atoms: 1)
        }
    }

    private mutating func renderCommand() -> Fragment {
        cursor += 1
        guard cursor < characters.count else { return Fragment(html: "\\", atoms: 1) }
        if !characters[cursor].isLetter {
            let symbol = characters[cursor]
            cursor += 1
            switch symbol {
            case ",": return Fragment(html: "\u{2009}", atoms: 0)
            case ";", ":": return Fragment(html: "\u{2005}", atoms: 0)
            case "!": return Fragment()
            case " ": return Fragment(html: " ", atoms: 0)
            case "\\": return Fragment(html: "<br>", atoms: 0)
            case "|": return Fragment(html: "\u{2016}", atoms: 1)
            case "{", "}", "%", "$", "_", "#": return Fragment(html: String(symbol), atoms: 1)
            default: return Fragment(html: escape(String(symbol)), atoms: 1)
            }
        }
        var name = ""
        while cursor < characters.count, characters[cursor].isLetter {
            name.append(characters[cursor])
            cursor += 1
        }
        if let symbol = Self.greek[name] { return Fragment(html: symbol, atoms: 1) }
        if let relation = Self.relations[name] { return Fragment(html: " \(relation) ", atoms: 2) }
        if let symbol = Self.symbols[name] { return Fragment(html: symbol, atoms: 1) }
        if Self.operatorNames.contains(name) { return Fragment(html: "\(name)\u{2009}", atoms: 1) }
        switch name {
        case "frac", "dfrac", "tfrac":
            let numerator = renderArgument()
            let denominator = renderArgument()
            return Fragment(html: parenthesized(numerator) + "/" + parenthesized(denominator), atoms: 1, isFraction: true)
        case "sqrt":
            return Fragment(html: "\u{221A}" + parenthesized(renderArgument()), atoms: 1)
        case "mathbb":
            let letters = rawArgument()
            return Fragment(html: String(letters.map { Self.doubleStruck[$0] ?? $0 }), atoms: 1)
        case "mathcal":
            let letters = rawArgument()
            return Fragment(html: String(letters.map { Self.script[$0] ?? $0 }), atoms: 1)
        case "text", "textrm", "mathrm", "operatorname", "textit":
            return Fragment(html: escape(rawArgument()), atoms: 1)
        case "mathbf", "boldsymbol", "textbf":
            return Fragment(html: "<b>\(renderArgument().html)</b>", atoms: 1)
        case "hat", "widehat": return accent("\u{0302}")
        case "bar", "overline": return accent("\u{0304}")
        case "tilde", "widetilde": return accent("\u{0303}")
        case "left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr", "displaystyle":
            if cursor < characters.count, characters[cursor] == "." { cursor += 1 }
            return Fragment()
        case "quad": return Fragment(html: "\u{2003}", atoms: 0)
        case "qquad": return Fragment(html: "\u{2003}\u{2003}", atoms: 0)
        default:
            return Fragment(html: "<span class=\"math-unknown\">\\\(escape(name))</span>", atoms: 1)
        }
    }

    private mutating func accent(_ mark: Character) -> Fragment {
        let argument = rawArgument()
        if argument.count == 1, let letter = argument.first, letter.isLetter {
            return Fragment(html: "<i>\(letter)\(mark)</i>", atoms: 1)
        }
        var inner = MathRenderer(characters: Array(argument))
        return Fragment(html: inner.renderSequence(untilBrace: false).html, atoms: 1)
    }

    private func parenthesized(_ fragment: Fragment) -> String {
        fragment.atoms > 1 ? "(\(fragment.html))" : fragment.html
    }

    private func escape(_ text: String) -> String {
        HTMLText.escape(text)
    }

    private static let greek: [String: String] = [
        "alpha": "α", "beta": "β", "gamma": "γ", "delta": "δ", "epsilon": "ϵ", "varepsilon": "ε", "zeta": "ζ",
        "eta": "η", "theta": "θ", "vartheta": "ϑ", "iota": "ι", "kappa": "κ", "lambda": "λ", "mu": "μ", "nu": "ν",
        "xi": "ξ", "pi": "π", "rho": "ρ", "sigma": "σ", "tau": "τ", "upsilon": "υ", "phi": "ϕ", "varphi": "φ",
        "chi": "χ", "psi": "ψ", "omega": "ω", "Gamma": "Γ", "Delta": "Δ", "Theta": "Θ", "Lambda": "Λ", "Xi": "Ξ",
        "Pi": "Π", "Sigma": "Σ", "Upsilon": "Υ", "Phi": "Φ", "Psi": "Ψ", "Omega": "Ω",
    ]

    private static let relations: [String: String] = [
        "times": "×", "cdot": "·", "ll": "≪", "gg": "≫", "in": "∈", "notin": "∉", "le": "≤", "leq": "≤",
        "ge": "≥", "geq": "≥", "neq": "≠", "ne": "≠", "approx": "≈", "sim": "∼", "equiv": "≡", "pm": "±",
        "to": "→", "rightarrow": "→", "leftarrow": "←", "gets": "←", "Rightarrow": "⇒", "mapsto": "↦",
        "propto": "∝", "subset": "⊂", "subseteq": "⊆", "cup": "∪", "cap": "∩", "div": "÷", "circ": "∘",
    ]

    private static let symbols: [String: String] = [
        "infty": "∞", "partial": "∂", "nabla": "∇", "sum": "∑", "prod": "∏", "top": "⊤", "ldots": "…",
        "dots": "…", "cdots": "⋯", "prime": "′", "forall": "∀", "exists": "∃", "emptyset": "∅", "ell": "ℓ",
        "lVert": "‖", "rVert": "‖", "langle": "⟨", "rangle": "⟩", "lbrace": "{", "rbrace": "}",
    ]

    private static let operatorNames: Set<String> = [
        "log", "ln", "exp", "min", "max", "sin", "cos", "tan", "arg", "det", "dim", "rank", "softmax", "lim",
    ]

    private static let doubleStruck: [Character: Character] = [
        "R": "ℝ", "N": "ℕ", "Z": "ℤ", "Q": "ℚ", "C": "ℂ", "E": "𝔼", "P": "ℙ",
    ]

    private static let script: [Character: Character] = [
        "L": "ℒ", "O": "𝒪", "D": "𝒟", "N": "𝒩", "H": "ℋ", "F": "ℱ",
    ]
}
