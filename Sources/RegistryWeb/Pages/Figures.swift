/// Figures as people read them: counts grouped by thousands (12,000), sizes in units (2 MB, 1.5 GB: powers of 1024,
/// one decimal below ten).
enum Figures {
    static func count(_ number: Int64) -> String {
        let digits = String(number.magnitude)
        let grouped = digits.enumerated().map { index, digit in
            (index > 0 && (digits.count - index) % 3 == 0 ? "," : "") + String(digit)
        }
        return (number < 0 ? "-" : "") + grouped.joined()
    }

    static func count(_ number: Int) -> String {
        count(Int64(number))
    }

    static func bytes(_ bytes: Int64) -> String {
        let units = ["字节", "KB", "MB", "GB", "TB", "PB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        if unit == 0 { return "\(bytes) 字节" }
        let rounded = value < 10 ? (value * 10).rounded() / 10 : value.rounded()
        return (rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)) + " " + units[unit]
    }

    static func bytes(_ bytes: Int) -> String {
        self.bytes(Int64(bytes))
    }
}
