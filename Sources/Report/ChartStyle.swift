/// Series colours and dash patterns: the Okabe-Ito palette, distinguishable with colour-blindness,
/// paired with distinct dashes so lines differ in print and in greyscale too.
enum ChartStyle {
    static let colors = ["#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#F0E442", "#999999"]
    static let dashes = ["", "7 4", "2 3", "9 3 2 3", "4 4", "12 4", "1 5", "6 2 2 2 2 2"]

    static func color(_ index: Int) -> String { colors[index % colors.count] }
    static func dash(_ index: Int) -> String { dashes[index % dashes.count] }
}
