import Postgres

/// A3.1: the three administrative levels of the region — 自治区, 盟市, 旗县(市、区).
public enum DivisionLevel: String, Sendable, Hashable, CaseIterable, Codable {
    /// 自治区: the autonomous region (Inner Mongolia, 150000).
    case region
    /// 盟市: a league or prefecture-level city.
    case leagueCity = "league_city"
    /// 旗县(市、区): a banner, county, county-level city or district.
    case bannerCounty = "banner_county"

    /// The regulation's Chinese label.
    public var label: String {
        switch self {
        case .region: "自治区"
        case .leagueCity: "盟市"
        case .bannerCounty: "旗县(市、区)"
        }
    }

    /// The level a division of this level must have as its parent; `nil` for the region, which has none.
    public var parentLevel: DivisionLevel? {
        switch self {
        case .region: nil
        case .leagueCity: .region
        case .bannerCounty: .leagueCity
        }
    }

    /// The level of the divisions directly below this one; `nil` for banners and counties.
    public var childLevel: DivisionLevel? {
        switch self {
        case .region: .leagueCity
        case .leagueCity: .bannerCounty
        case .bannerCounty: nil
        }
    }

    /// The level a GB/T 2260 code denotes: `xx0000` a region, `xxxx00` a league/city, anything else a
    /// banner/county. `nil` unless the code is six ASCII digits.
    public init?(gbCode code: String) {
        guard Division.isWellFormedCode(code) else { return nil }
        if code.hasSuffix("0000") {
            self = .region
        } else if code.hasSuffix("00") {
            self = .leagueCity
        } else {
            self = .bannerCounty
        }
    }
}

extension DivisionLevel: PostgresEnum {}
