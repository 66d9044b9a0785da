/// The page's stylesheet and script, from `report.css` and `report.js` beside this file (embedded at build time).
public enum ReportAssets {
    public static let css = String(decoding: PackageResources.report_css, as: UTF8.self)
    public static let javascript = String(decoding: PackageResources.report_js, as: UTF8.self)
}
