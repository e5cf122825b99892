/// The ids of OpenSanctions and FollowTheMoney entities.
public enum EntityID {
    public static let maxLength = 160

    /// What a valid id looks like, for issues.
    public static let expected = "an entity id: letters, digits and . _ : / ( ) + -, starting with a letter or digit, at most 160 characters"

    /// True for `^[A-Za-z0-9][A-Za-z0-9._:/()+-]*$` of at most 160 characters.
    public static func isValid(_ id: String) -> Bool {
        let utf8 = id.utf8
        guard let first = utf8.first, utf8.count <= maxLength, isAlphanumeric(first) else { return false }
        for byte in utf8.dropFirst() where !isAlphanumeric(byte) {
            switch byte {
            case UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: ":"), UInt8(ascii: "/"), UInt8(ascii: "("),
                 UInt8(ascii: ")"), UInt8(ascii: "+"), UInt8(ascii: "-"):
                continue
            default:
                return false
            }
        }
        return true
    }

    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }
}
