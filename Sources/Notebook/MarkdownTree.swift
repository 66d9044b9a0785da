import Foundation
import CCmarkGFM

/// A cmark-gfm parse of one Markdown text with the GFM extensions lorabook uses (tables, strikethrough,
/// autolinks, task lists; footnotes on request). Tag filtering is off: the author's raw HTML is kept,
/// and the report removes scripts when it renders.
final class MarkdownTree {
    private let parser: OpaquePointer?
    /// `nil` only when cmark could not allocate the document.
    private let root: OpaquePointer?
    private var detachedDocuments: [OpaquePointer] = []
    private let renderOptions: Int32

    /// Registration runs once; a global's lazy initialisation is thread-safe, the C flag alone is not.
    private static let extensionsRegistered: Void = cmark_gfm_core_extensions_ensure_registered()

    init(markdown: String, footnotes: Bool) {
        _ = Self.extensionsRegistered
        var options = CMARK_OPT_SOURCEPOS | CMARK_OPT_UNSAFE
        if footnotes { options |= CMARK_OPT_FOOTNOTES }
        renderOptions = options
        let newParser = cmark_parser_new(options)
        for name in ["table", "strikethrough", "autolink", "tasklist"] {
            if let extensionPointer = cmark_find_syntax_extension(name) {
                cmark_parser_attach_syntax_extension(newParser, extensionPointer)
            }
        }
        markdown.utf8CString.withUnsafeBufferPointer { buffer in
            if let base = buffer.baseAddress { cmark_parser_feed(newParser, base, buffer.count - 1) }
        }
        parser = newParser
        root = cmark_parser_finish(newParser)
    }

    deinit {
        for document in detachedDocuments { cmark_node_free(document) }
        if let root { cmark_node_free(root) }
        cmark_parser_free(parser)
    }

    /// The document's top-level blocks, in order.
    var topLevelNodes: [OpaquePointer] {
        var nodes: [OpaquePointer] = []
        guard let root else { return nodes }
        var node = cmark_node_first_child(root)
        while let current = node {
            nodes.append(current)
            node = cmark_node_next(current)
        }
        return nodes
    }

    /// Renders consecutive top-level blocks as one HTML fragment (footnote definitions stay in one list).
    /// The blocks move to a document of their own, freed with the tree, because footnote references
    /// point at their definitions while rendering.
    func renderHTML(_ nodes: [OpaquePointer]) -> String {
        let document = cmark_node_new(CMARK_NODE_DOCUMENT)
        guard let document else { return "" }
        detachedDocuments.append(document)
        for node in nodes {
            cmark_node_unlink(node)
            cmark_node_append_child(document, node)
        }
        guard let rendered = cmark_render_html(document, renderOptions, cmark_parser_get_syntax_extensions(parser)) else {
            return ""
        }
        defer { free(rendered) }
        return String(cString: rendered)
    }

    /// Every heading under `node` (itself included), in document order.
    static func headings(in node: OpaquePointer) -> [OpaquePointer] {
        var found: [OpaquePointer] = []
        guard let iterator = cmark_iter_new(node) else { return found }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            if event == CMARK_EVENT_ENTER, let current = cmark_iter_get_node(iterator),
               cmark_node_get_type(current) == CMARK_NODE_HEADING {
                found.append(current)
            }
        }
        return found
    }

    /// The plain text of a node's inline content (text, code, line breaks as spaces).
    static func plainText(of node: OpaquePointer) -> String {
        var text = ""
        guard let iterator = cmark_iter_new(node) else { return text }
        defer { cmark_iter_free(iterator) }
        while true {
            let event = cmark_iter_next(iterator)
            if event == CMARK_EVENT_DONE { break }
            guard event == CMARK_EVENT_ENTER, let current = cmark_iter_get_node(iterator) else { continue }
            let type = cmark_node_get_type(current)
            if type == CMARK_NODE_TEXT || type == CMARK_NODE_CODE || type == CMARK_NODE_HTML_INLINE,
               let literal = cmark_node_get_literal(current) {
                if type != CMARK_NODE_HTML_INLINE { text += String(cString: literal) }
            } else if type == CMARK_NODE_SOFTBREAK || type == CMARK_NODE_LINEBREAK {
                text += " "
            }
        }
        return text
    }

    static func type(of node: OpaquePointer) -> cmark_node_type { cmark_node_get_type(node) }
    static func startLine(of node: OpaquePointer) -> Int { Int(cmark_node_get_start_line(node)) }
    static func startColumn(of node: OpaquePointer) -> Int { Int(cmark_node_get_start_column(node)) }
    static func endLine(of node: OpaquePointer) -> Int { Int(cmark_node_get_end_line(node)) }
    static func endColumn(of node: OpaquePointer) -> Int { Int(cmark_node_get_end_column(node)) }
    static func headingLevel(of node: OpaquePointer) -> Int { Int(cmark_node_get_heading_level(node)) }
    static func isFenced(_ node: OpaquePointer) -> Bool {
        var length: Int32 = 0
        var offset: Int32 = 0
        var character: CChar = 0
        return cmark_node_get_fenced(node, &length, &offset, &character) != 0
    }

    static func literal(of node: OpaquePointer) -> String {
        guard let literal = cmark_node_get_literal(node) else { return "" }
        return String(cString: literal)
    }

    /// The `data-sourcepos` value cmark writes on a block's opening tag.
    static func sourcePosAttribute(of node: OpaquePointer) -> String {
        "\(startLine(of: node)):\(startColumn(of: node))-\(endLine(of: node)):\(endColumn(of: node))"
    }
}
