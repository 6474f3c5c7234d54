/// How a requirement id reads on a page: `A21.1` is 第二十一条, the article of the regulation people know; ids that
/// are not articles (`W.2`, `RP.1`) are not shown.
enum ArticleName {
    /// 第二十一条 for `A21.1` (or `A21`), `nil` for anything else.
    static func of(_ requirement: String?) -> String? {
        guard let requirement, requirement.first == "A" else { return nil }
        let digits = requirement.dropFirst().prefix { $0.isNumber }
        guard let number = Int(digits), (1...199).contains(number) else { return nil }
        return "第\(chinese(number))条"
    }

    /// 1 → 一, 10 → 十, 21 → 二十一, 105 → 一百零五.
    static func chinese(_ number: Int) -> String {
        let ones = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"]
        if number < 10 { return ones[number] }
        if number < 20 { return "十" + (number == 10 ? "" : ones[number % 10]) }
        if number < 100 { return ones[number / 10] + "十" + (number % 10 == 0 ? "" : ones[number % 10]) }
        let rest = number % 100
        let tail = rest == 0 ? "" : (rest < 10 ? "零" + ones[rest] : (rest < 20 ? "一" : "") + chinese(rest))
        return ones[number / 100] + "百" + tail
    }
}
