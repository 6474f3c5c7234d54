/// A size in bytes as people read it: 2 MB, 1.5 GB (powers of 1024, one decimal below ten).
enum ByteSize {
    static func text(_ bytes: Int64) -> String {
        let units = ["字节", "KB", "MB", "GB", "TB", "PB"]
        var value = Double(bytes)
        var unit = 0
        while value >= 1024, unit < units.count - 1 {
            value /= 1024
            unit += 1
        }
        if unit == 0 { return "\(bytes) 字节" }
        let rounded = value < 10 && value.rounded() != value ? (value * 10).rounded() / 10 : value.rounded()
        return (rounded == rounded.rounded() ? String(Int(rounded)) : String(rounded)) + " " + units[unit]
    }

    static func text(_ bytes: Int) -> String {
        text(Int64(bytes))
    }
}
