import Foundation

/// A8.1: a public data platform (公共数据平台) of a division, operated by an institution responsible for it (A38.1).
///
/// Platforms are built at region and league/city level; a banner/county platform exists only as a recorded
/// ``PlatformException`` (A8 ¶2: 旗县(市、区)原则上不独立建设公共数据平台), which the compliance report lists.
public struct Platform: Sendable, Hashable, Codable {
    public var id: UUID
    public var name: String
    public var divisionCode: String
    /// 统一社会信用代码 of the operating institution: the division's authority or the unit it designates (大数据中心).
    public var operatorInstitution: String
    /// The exception a banner/county platform rests on; `nil` for region and league/city platforms.
    public var exception: PlatformException?
    /// A38.1: the account that registered it, when registered through an account.
    public var registeredBy: UUID?
    public var createdAt: Date

    public init(
        id: UUID,
        name: String,
        divisionCode: String,
        operatorInstitution: String,
        exception: PlatformException?,
        registeredBy: UUID?,
        createdAt: Date
    ) {
        self.id = id
        self.name = name
        self.divisionCode = divisionCode
        self.operatorInstitution = operatorInstitution
        self.exception = exception
        self.registeredBy = registeredBy
        self.createdAt = createdAt
    }
}

/// A8 ¶2: the recorded exception that lets a banner/county have a platform of its own — why, the approving document
/// (批准文件), and the day it was recorded.
public struct PlatformException: Sendable, Hashable, Codable {
    public var reason: String
    public var approvingDocument: String
    /// The day the exception was recorded; today (Asia/Shanghai) unless given.
    public var recordedOn: CivilDate?

    public init(reason: String, approvingDocument: String, recordedOn: CivilDate? = nil) {
        self.reason = reason
        self.approvingDocument = approvingDocument
        self.recordedOn = recordedOn
    }
}

/// A8.1: what is needed to register a platform; the registry stamps who registered it and when.
public struct NewPlatform: Sendable, Hashable, Codable {
    public var name: String
    public var divisionCode: String
    /// 统一社会信用代码 of the operating institution.
    public var operatorInstitution: String
    /// Required for a banner/county platform, refused for any other.
    public var exception: PlatformException?

    public init(name: String, divisionCode: String, operatorInstitution: String, exception: PlatformException? = nil) {
        self.name = name
        self.divisionCode = divisionCode
        self.operatorInstitution = operatorInstitution
        self.exception = exception
    }
}

/// A8.1: which platforms a listing shows.
public struct PlatformFilter: Sendable, Hashable {
    /// The division whose platforms are listed, with every division below it.
    public var division: String?
    /// A8 ¶2: only the banner/county platforms that exist as recorded exceptions.
    public var exceptionsOnly: Bool

    public init(division: String? = nil, exceptionsOnly: Bool = false) {
        self.division = division
        self.exceptionsOnly = exceptionsOnly
    }
}
