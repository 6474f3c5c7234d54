/// The EU controlled vocabularies (EU Vocabularies, Publications Office) the DCAT-AP export maps the registry's terms
/// to: data themes for categories, frequencies for update frequencies (A10.2), access rights for open types (A27.1),
/// publisher types for the level of an institution's division (A5.1).
enum DCATVocabulary {
    static let authority = "http://publications.europa.eu/resource/authority/"
    static let dataThemeScheme = authority + "data-theme"

    /// The EU data theme of a category of the region's scheme (NM-2024), by its code or the code of its top level.
    static func dataTheme(category code: String) -> String? {
        let themes: [String: String] = [
            "government": "GOVE", "government.enforcement": "JUST", "economy": "ECON", "economy.agriculture": "AGRI",
            "economy.energy": "ENER", "livelihood": "SOCI", "livelihood.education": "EDUC", "livelihood.health": "HEAL",
            "environment": "ENVI", "construction": "REGI", "safety": "JUST", "safety.food_drug": "HEAL", "credit": "ECON",
            "transport": "TRAN", "culture_tourism": "EDUC", "science": "TECH", "base.population": "SOCI", "base.spatial": "REGI",
        ]
        let top = String(code.prefix { $0 != "." })
        return (themes[code] ?? (code == top || top == "base" ? nil : themes[top])).map { dataThemeScheme + "/" + $0 }
    }

    /// The English preferred labels of the EU data themes used (the vocabulary has none in Chinese).
    static let dataThemeLabels = [
        "AGRI": "Agriculture, fisheries, forestry and food", "ECON": "Economy and finance", "EDUC": "Education, culture and sport",
        "ENER": "Energy", "ENVI": "Environment", "GOVE": "Government and public sector", "HEAL": "Health",
        "JUST": "Justice, legal system and public safety", "REGI": "Regions and cities", "SOCI": "Population and society",
        "TECH": "Science and technology", "TRAN": "Transport",
    ]

    /// The EU frequency of an update frequency (`update_frequency`).
    static func frequency(_ value: String) -> String {
        let codes = [
            "real_time": "UPDATE_CONT", "daily": "DAILY", "weekly": "WEEKLY", "monthly": "MONTHLY", "quarterly": "QUARTERLY",
            "half_yearly": "ANNUAL_2", "yearly": "ANNUAL", "irregular": "IRREG",
        ]
        return authority + "frequency/" + (codes[value] ?? "UNKNOWN")
    }

    /// PUBLIC for data open unconditionally, RESTRICTED for data open on conditions (A27.1).
    static func accessRights(openType: String) -> String {
        authority + "access-right/" + (openType == "unconditional" ? "PUBLIC" : "RESTRICTED")
    }

    /// The ADMS publisher type: the region's institutions are regional authorities, those of leagues, cities and
    /// banners local authorities.
    static func publisherType(level: String?) -> String {
        "http://purl.org/adms/publishertype/" + (level == "region" ? "RegionalAuthority" : "LocalAuthority")
    }
}
