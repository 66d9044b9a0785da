/// Renders the TeX the notebooks use as MathML Core, which Chromium, Firefox and Safari draw natively and screen
/// readers read, without JavaScript: letters as `<mi>` (one per letter, as TeX sets `BA` as B times A), numbers
/// `<mn>`, operators and relations `<mo>`, `_`/`^` as `<msub>`/`<msup>`/`<msubsup>` (under and over a large
/// operator in display math), `\frac` as `<mfrac>`, `\sqrt` as `<msqrt>`, `\mathbb{R}` as ℝ, `\mathcal{L}` as ℒ,
/// Greek letters, `\hat \bar \tilde` as accents, `\text`/`\mathrm`/`\operatorname` as upright text, `\mathbf` bold,
/// `\log \exp \min \max ...` as upright names, `\left`/`\right` delimiters, spacing commands, and the
/// `matrix`/`pmatrix`/`bmatrix`/`cases` environments as `<mtable>`. Unknown commands are shown as `<merror>`.
struct MathRenderer {
    private let characters: [Character]
    private var cursor = 0
    private let display: Bool

    static func html(for span: MathSpan) -> String {
        var renderer = MathRenderer(characters: Array(span.tex), display: span.display)
        let body = renderer.renderSequence(stops: []).markup
        let alt = HTMLText.escape(span.tex.trimmingCharacters(in: .whitespacesAndNewlines))
        return span.display
            // The wrapper scrolls a formula wider than a phone (with a cue, see assets/report.css).
            ? "<span class=\"math-display\"><math display=\"block\" alttext=\"\(alt)\">\(body)</math></span>"
            : "<math alttext=\"\(alt)\">\(body)</math>"
    }

    private init(characters: [Character], display: Bool) {
        self.characters = characters
        self.display = display
    }

    /// One rendered item: its MathML, and whether it is a large operator (∑, ∏) whose limits go under and over.
    private struct Item {
        var markup: String
        var isLargeOperator = false
    }

    /// Why a sequence ended: at its end, a `}`, a `&` (next column), a `\\` (next row) or `\end{...}`.
    private enum Stop: Hashable {
        case end, brace, column, row, environmentEnd
    }

    private struct Sequence {
        var markup: String
        var stop: Stop
    }

    /// Items up to the end, or to one of `stops`; scripts attach to the item before them.
    private mutating func renderSequence(stops: Set<Stop>) -> Sequence {
        var items: [Item] = []
        var stop = Stop.end
        loop: while cursor < characters.count {
            let character = characters[cursor]
            if character == "}" {
                cursor += 1
                if stops.contains(.brace) { stop = .brace; break }
                items.append(Item(markup: "<mo>}</mo>"))
                continue
            }
            if character == "&", stops.contains(.column) {
                cursor += 1
                stop = .column
                break
            }
            if character == "\\", cursor + 1 < characters.count {
                if characters[cursor + 1] == "\\", stops.contains(.row) {
                    cursor += 2
                    stop = .row
                    break
                }
                if stops.contains(.environmentEnd), lookingAt("\\end") {
                    cursor += 4
                    _ = rawArgument()
                    stop = .environmentEnd
                    break loop
                }
            }
            if character == "_" || character == "^" {
                cursor += 1
                let script = renderArgument()
                let base = items.popLast() ?? Item(markup: "<mrow></mrow>")
                items.append(attach(script, as: character, to: base))
                continue
            }
            if let item = renderAtom() { items.append(item) }
        }
        let markup = items.map(\.markup).joined()
        return Sequence(markup: items.count == 1 ? markup : "<mrow>\(markup)</mrow>", stop: stop)
    }

    /// `base_script` or `base^script`, merged into `<msubsup>` when the base already has the other script.
    private func attach(_ script: String, as mark: Character, to base: Item) -> Item {
        let limits = base.isLargeOperator && display
        let (sub, sup, subsup) = limits ? ("munder", "mover", "munderover") : ("msub", "msup", "msubsup")
        let openSub = "<\(sub)>", openSup = "<\(sup)>"
        if mark == "^", base.markup.hasPrefix(openSub), base.markup.hasSuffix("</\(sub)>") {
            let inner = base.markup.dropFirst(openSub.count).dropLast(sub.count + 3)
            return Item(markup: "<\(subsup)>\(inner)\(script)</\(subsup)>", isLargeOperator: base.isLargeOperator)
        }
        if mark == "_", base.markup.hasPrefix(openSup), base.markup.hasSuffix("</\(sup)>") {
            let inner = String(base.markup.dropFirst(openSup.count).dropLast(sup.count + 3))
            // inner is base followed by the superscript: the subscript goes between them.
            if let split = Self.splitFirstElement(inner) {
                return Item(markup: "<\(subsup)>\(split.first)\(script)\(split.rest)</\(subsup)>", isLargeOperator: base.isLargeOperator)
            }
        }
        return Item(markup: "<\(mark == "_" ? sub : sup)>\(base.markup)\(script)</\(mark == "_" ? sub : sup)>",
                    isLargeOperator: base.isLargeOperator)
    }

    /// The first complete element of `markup` and the rest.
    private static func splitFirstElement(_ markup: String) -> (first: String, rest: String)? {
        let characters = Array(markup)
        var depth = 0
        var index = 0
        while index < characters.count {
            guard characters[index] == "<" else { index += 1; continue }
            guard let close = characters[index...].firstIndex(of: ">") else { return nil }
            let closing = characters[index + 1] == "/"
            let selfClosing = characters[close - 1] == "/"
            if closing { depth -= 1 } else if !selfClosing { depth += 1 }
            index = close + 1
            if depth == 0 { return (String(characters[..<index]), String(characters[index...])) }
        }
        return nil
    }

    /// One token or braced group, as the argument of `_`, `^` or a command, as a single MathML element.
    private mutating func renderArgument() -> String {
        skipSpaces()
        guard cursor < characters.count else { return "<mrow></mrow>" }
        if characters[cursor] == "{" {
            cursor += 1
            return renderSequence(stops: [.brace]).markup
        }
        let character = characters[cursor]
        if character.isLetter {
            cursor += 1
            return "<mi>\(escape(String(character)))</mi>"
        }
        if character.isNumber {
            cursor += 1
            return "<mn>\(character)</mn>"
        }
        return renderAtom()?.markup ?? "<mrow></mrow>"
    }

    /// The raw text of a braced argument (for `\text{...}` and friends).
    private mutating func rawArgument() -> String {
        skipSpaces()
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

    private mutating func renderAtom() -> Item? {
        let character = characters[cursor]
        if character == "{" {
            cursor += 1
            return Item(markup: renderSequence(stops: [.brace]).markup)
        }
        if character == "\\" { return renderCommand() }
        if character.isWhitespace {
            cursor += 1
            return nil
        }
        cursor += 1
        if character.isLetter { return Item(markup: "<mi>\(escape(String(character)))</mi>") }
        if character.isNumber {
            var run = String(character)
            while cursor < characters.count,
                  characters[cursor].isNumber || (characters[cursor] == "." && cursor + 1 < characters.count
                                                  && characters[cursor + 1].isNumber) {
                run.append(characters[cursor])
                cursor += 1
            }
            return Item(markup: "<mn>\(run)</mn>")
        }
        switch character {
        case "-": return Item(markup: "<mo>\u{2212}</mo>")
        case "*": return Item(markup: "<mo>\u{2217}</mo>")
        case "'": return Item(markup: "<mo>\u{2032}</mo>")
        case "(", ")", "[", "]", "|": return Item(markup: "<mo stretchy=\"false\">\(character)</mo>")
        default: return Item(markup: "<mo>\(escape(String(character)))</mo>")
        }
    }

    private mutating func renderCommand() -> Item? {
        cursor += 1
        guard cursor < characters.count else { return Item(markup: "<mo>\\</mo>") }
        if !characters[cursor].isLetter {
            let symbol = characters[cursor]
            cursor += 1
            switch symbol {
            case ",": return Item(markup: "<mspace width=\"0.1667em\"></mspace>")
            case ":": return Item(markup: "<mspace width=\"0.2222em\"></mspace>")
            case ";": return Item(markup: "<mspace width=\"0.2778em\"></mspace>")
            case " ": return Item(markup: "<mspace width=\"0.25em\"></mspace>")
            case "!": return nil
            case "\\": return Item(markup: "<mspace linebreak=\"newline\"></mspace>")
            case "|": return Item(markup: "<mo>\u{2016}</mo>")
            case "{", "}": return Item(markup: "<mo>\(symbol)</mo>")
            default: return Item(markup: "<mi>\(escape(String(symbol)))</mi>")
            }
        }
        var name = ""
        while cursor < characters.count, characters[cursor].isLetter {
            name.append(characters[cursor])
            cursor += 1
        }
        if let letter = Self.greek[name] {
            // Capital Greek is upright in TeX; lower case italic.
            return Item(markup: letter.first!.isUppercase ? "<mi mathvariant=\"normal\">\(letter)</mi>" : "<mi>\(letter)</mi>")
        }
        if let relation = Self.relations[name] { return Item(markup: "<mo>\(relation)</mo>") }
        if let symbol = Self.largeOperators[name] {
            return Item(markup: "<mo largeop=\"true\" movablelimits=\"true\">\(symbol)</mo>", isLargeOperator: true)
        }
        if let symbol = Self.symbols[name] { return Item(markup: "<mi>\(symbol)</mi>") }
        if Self.operatorNames.contains(name) { return Item(markup: "<mi>\(name)</mi><mo>\u{2061}</mo>") }
        switch name {
        case "frac", "dfrac", "tfrac":
            let numerator = renderArgument()
            let denominator = renderArgument()
            return Item(markup: "<mfrac>\(numerator)\(denominator)</mfrac>")
        case "sqrt":
            return Item(markup: "<msqrt>\(renderArgument())</msqrt>")
        case "mathbb":
            return Item(markup: "<mi>\(escape(String(rawArgument().map { Self.doubleStruck[$0] ?? $0 })))</mi>")
        case "mathcal":
            return Item(markup: "<mi>\(escape(String(rawArgument().map { Self.script[$0] ?? $0 })))</mi>")
        case "text", "textrm", "textit":
            return Item(markup: "<mtext>\(escape(rawArgument()))</mtext>")
        case "mathrm", "operatorname":
            return Item(markup: "<mi mathvariant=\"normal\">\(escape(rawArgument()))</mi>")
        case "mathbf", "boldsymbol", "textbf":
            return Item(markup: "<mrow style=\"font-weight: bold\">\(renderArgument())</mrow>")
        case "hat", "widehat": return accent("^")
        case "bar", "overline": return accent("\u{00AF}")
        case "tilde", "widetilde": return accent("~")
        case "left", "right", "big", "Big", "bigg", "Bigg", "bigl", "bigr", "Bigl", "Bigr":
            skipSpaces()
            guard cursor < characters.count else { return nil }
            if characters[cursor] == "." {
                cursor += 1
                return nil
            }
            guard let delimiter = renderAtom() else { return nil }
            return Item(markup: delimiter.markup.replacingOccurrences(of: " stretchy=\"false\"", with: ""))
        case "displaystyle": return nil
        case "quad": return Item(markup: "<mspace width=\"1em\"></mspace>")
        case "qquad": return Item(markup: "<mspace width=\"2em\"></mspace>")
        case "begin": return environment(rawArgument())
        default:
            return Item(markup: "<merror><mtext>\\\(escape(name))</mtext></merror>")
        }
    }

    /// `\begin{pmatrix} a & b \\ c & d \end{pmatrix}` and its kin as a table between their delimiters.
    private mutating func environment(_ name: String) -> Item {
        let delimiters: [String: (String, String)] = [
            "matrix": ("", ""), "pmatrix": ("(", ")"), "bmatrix": ("[", "]"), "vmatrix": ("|", "|"),
            "Bmatrix": ("{", "}"), "cases": ("{", ""), "aligned": ("", ""),
        ]
        guard let (open, close) = delimiters[name] else {
            return Item(markup: "<merror><mtext>\\begin{\(escape(name))}</mtext></merror>")
        }
        var rows: [[String]] = [[]]
        while cursor < characters.count {
            let cell = renderSequence(stops: [.column, .row, .environmentEnd])
            rows[rows.count - 1].append("<mtd>\(cell.markup)</mtd>")
            if cell.stop == .row { rows.append([]) }
            if cell.stop == .environmentEnd || cell.stop == .end { break }
        }
        if rows.count > 1, rows.last == ["<mtd><mrow></mrow></mtd>"] { rows.removeLast() }
        let align = name == "cases" || name == "aligned" ? " columnalign=\"left\"" : ""
        let table = "<mtable\(align)>" + rows.map { "<mtr>\($0.joined())</mtr>" }.joined() + "</mtable>"
        let left = open.isEmpty ? "" : "<mo>\(escape(open))</mo>"
        let right = close.isEmpty ? "" : "<mo>\(escape(close))</mo>"
        return Item(markup: "<mrow>\(left)\(table)\(right)</mrow>")
    }

    private mutating func accent(_ mark: String) -> Item {
        Item(markup: "<mover accent=\"true\">\(renderArgument())<mo>\(mark)</mo></mover>")
    }

    private func lookingAt(_ text: String) -> Bool {
        let target = Array(text)
        guard cursor + target.count <= characters.count else { return false }
        return Array(characters[cursor..<(cursor + target.count)]) == target
    }

    private mutating func skipSpaces() {
        while cursor < characters.count, characters[cursor] == " " || characters[cursor] == "\n" { cursor += 1 }
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
        "mid": "|", "ldots": "…", "dots": "…", "cdots": "⋯", "lVert": "‖", "rVert": "‖", "langle": "⟨",
        "rangle": "⟩", "lbrace": "{", "rbrace": "}",
    ]

    private static let largeOperators: [String: String] = ["sum": "∑", "prod": "∏", "int": "∫"]

    private static let symbols: [String: String] = [
        "infty": "∞", "partial": "∂", "nabla": "∇", "top": "⊤", "prime": "′", "forall": "∀", "exists": "∃",
        "emptyset": "∅", "ell": "ℓ",
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
