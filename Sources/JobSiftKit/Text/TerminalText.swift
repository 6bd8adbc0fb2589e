/// Text from a posting or a file name made safe to print to a terminal: control characters that
/// a terminal would obey (escape sequences that recolour, retitle or clear it, carriage returns
/// that overwrite a line, bidirectional overrides that reorder what is shown) are left out.
public enum TerminalText {
    /// `text` without C0 controls other than line feed and tab, DEL, C1 controls and the
    /// bidirectional embedding, override and isolate characters.
    public static func safe(_ text: String) -> String {
        guard containsUnsafe(text) else { return text }
        var scalars = String.UnicodeScalarView()
        for scalar in text.unicodeScalars where !isUnsafe(scalar) { scalars.append(scalar) }
        return String(scalars)
    }

    /// True when `safe(text)` would leave something out.
    public static func containsUnsafe(_ text: String) -> Bool {
        text.unicodeScalars.contains(where: isUnsafe)
    }

    private static func isUnsafe(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A, 0x09: false
        case 0x00...0x1F, 0x7F...0x9F: true
        case 0x202A...0x202E, 0x2066...0x2069: true
        default: false
        }
    }
}
