/// A3.1: an administrative division with its GB/T 2260 six-digit code.
public struct Division: Sendable, Hashable, Codable {
    /// GB/T 2260 code, six digits (Inner Mongolia is 150000).
    public var code: String
    /// Chinese name, unique among the divisions under the same parent.
    public var name: String
    public var level: DivisionLevel
    /// The division directly above; `nil` only for the region.
    public var parentCode: String?

    public init(code: String, name: String, level: DivisionLevel, parentCode: String?) {
        self.code = code
        self.name = name
        self.level = level
        self.parentCode = parentCode
    }

    /// Whether `code` is six ASCII digits.
    public static func isWellFormedCode(_ code: String) -> Bool {
        code.utf8.count == 6 && code.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    /// The number of leading code digits a child shares with its parent: 2 for a league/city, 4 for a banner/county.
    static func sharedPrefixLength(below level: DivisionLevel) -> Int {
        level == .bannerCounty ? 4 : 2
    }

    /// GB/T 2260: whether `code` has the shape of a code of `level` — a region code ends in `0000`, a league/city code
    /// in `00` (but not `0000`), a banner/county code does not end in `00`. Same test as the SQL function
    /// `division_code_fits_level` (it looks at the shape only; ``isWellFormedCode(_:)`` checks the digits).
    public static func codeFits(_ code: String, level: DivisionLevel) -> Bool {
        let sixCharacters = code.count == 6
        switch level {
        case .region: return sixCharacters && code.hasSuffix("0000")
        case .leagueCity: return sixCharacters && code.hasSuffix("00") && !code.hasSuffix("0000")
        case .bannerCounty: return !(sixCharacters && code.hasSuffix("00"))
        }
    }

    /// Checks the rules of A3.1 that `sql/0004_places.sql` enforces, in the order the database applies them, so a
    /// caller gets the same refusal with a readable message before the database is asked. `parent` is the stored
    /// parent division, if any.
    ///
    /// - Throws: ``PlaceRuleViolation`` naming the constraint the database would report.
    public func validate(parent: Division?) throws {
        guard Self.codeFits(code, level: level) else {
            throw PlaceRuleViolation(
                PlaceRules.divisionCodeMatchesLevel,
                "区划代码 \(code) 不是\(level.label)代码(GB/T 2260:自治区 xx0000,盟市 xxxx00,旗县(市、区)其余)。"
            )
        }
        guard Self.isWellFormedCode(code) else {
            throw PlaceRuleViolation(PlaceRules.divisionCodeSixDigits, "区划代码必须是6位数字(GB/T 2260),不能是“\(code)”。")
        }
        guard !name.allSatisfy({ $0 == " " }) else {  // btrim(name) <> ''
            throw PlaceRuleViolation(PlaceRules.divisionNameNotBlank, "区划 \(code) 缺少名称。")
        }
        guard (level == .region) == (parentCode == nil) else {
            throw PlaceRuleViolation(
                PlaceRules.divisionRegionHasNoParent,
                level == .region ? "自治区没有上级区划。" : "\(level.label) \(code) 必须有上级区划。"
            )
        }
        guard let parentCode, let expected = level.parentLevel else { return }
        guard let parent, parent.code == parentCode else {
            throw PlaceRuleViolation(PlaceRules.divisionParentLevel, "上级区划 \(parentCode) 不存在。")
        }
        guard parent.level == expected else {
            throw PlaceRuleViolation(
                PlaceRules.divisionParentLevel,
                "\(level.label)的上级必须是\(expected.label);\(parent.code) \(parent.name)是\(parent.level.label)。"
            )
        }
        let shared = Self.sharedPrefixLength(below: level)
        guard code.prefix(shared) == parent.code.prefix(shared) else {
            throw PlaceRuleViolation(
                PlaceRules.divisionCodeUnderParent,
                "区划代码 \(code) 不在上级区划 \(parent.code) 之下(GB/T 2260:前\(shared)位应相同)。"
            )
        }
    }
}
