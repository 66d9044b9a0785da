/// The eight attributes an E2E meaning representation can carry, with the names the LoRA repo's files use.
public enum E2ESlot: String, CaseIterable, Sendable, Hashable {
    case name
    case eatType
    case food
    case priceRange
    case customerRating = "customer rating"
    case area
    case familyFriendly
    case near

    /// The slot name in the LoRA repo's `MR||REF` files (`eatType` → `Type`, `priceRange` → `price`, ...).
    public var loraName: String {
        switch self {
        case .eatType: "Type"
        case .priceRange: "price"
        case .familyFriendly: "family friendly"
        default: rawValue
        }
    }
}
