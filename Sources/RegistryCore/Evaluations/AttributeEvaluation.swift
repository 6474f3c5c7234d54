import Foundation
import Postgres

/// A22.1 / A29.1: which attribute of a catalog item is evaluated or converted — its share type (共享类型) or its
/// open type (开放属性).
public enum EvaluatedAttribute: String, Sendable, Hashable, Codable, CaseIterable, PostgresEnum {
    /// 共享属性 (A22).
    case share
    /// 开放属性 (A29).
    case open

    /// The Chinese label shown to people.
    public var label: String {
        switch self {
        case .share: "共享属性"
        case .open: "开放属性"
        }
    }

    /// The requirement its rules belong to.
    public var article: String {
        switch self {
        case .share: "A22.1"
        case .open: "A29.1"
        }
    }

    /// The values the attribute takes, as the catalog stores them.
    public var types: [String] {
        switch self {
        case .share: ["unconditional", "conditional", "not_shared"]
        case .open: ["unconditional", "conditional", "not_open"]
        }
    }
}

/// A22.1 / A29.1: what an evaluation concludes.
public enum EvaluationOutcome: String, Sendable, Hashable, Codable, CaseIterable, PostgresEnum {
    /// 维持: the item keeps its attribute.
    case keep
    /// 转换: the item can be converted (to unconditional sharing, or opened up).
    case convert

    /// The Chinese label shown to people.
    public var label: String {
        switch self {
        case .keep: "维持"
        case .convert: "转换"
        }
    }
}

/// A22.1 / A29.1: a periodic evaluation of a published item that is conditionally shared (A22 ¶1) or not yet open —
/// conditionally open or not open (A29 ¶1).
public struct AttributeEvaluation: Sendable, Hashable, Codable {
    public var id: UUID
    public var itemID: UUID
    public var itemCode: String
    public var itemName: String
    public var kind: EvaluatedAttribute
    /// The published revision evaluated.
    public var revisionID: Int64
    /// The institution responsible for the item (A38.1).
    public var institution: String
    public var divisionCode: String
    public var evaluatedOn: CivilDate
    public var outcome: EvaluationOutcome
    public var reason: String
    public var evaluator: String
    public var createdAt: Date

    init(row: Row) throws {
        id = try row.decode("id")
        itemID = try row.decode("item_id")
        itemCode = try row.decode("item_code")
        itemName = try row.decode("item_name")
        kind = try row.decode("kind")
        revisionID = try row.decode("revision_id")
        institution = try row.decode("institution_uscc")
        divisionCode = try row.decode("division_code")
        evaluatedOn = try row.decode("evaluated_on")
        outcome = try row.decode("outcome")
        reason = try row.decode("reason")
        evaluator = try row.decode("evaluator")
        createdAt = try row.decode("created_at")
    }
}

/// A22.1 / A29.1: what a clerk records about an evaluation of its institution's item.
public struct NewAttributeEvaluation: Sendable, Hashable, Codable {
    public var itemID: UUID
    public var kind: EvaluatedAttribute
    /// The day of the evaluation; today (Asia/Shanghai) when omitted.
    public var evaluatedOn: CivilDate?
    public var outcome: EvaluationOutcome
    public var reason: String
    /// Who evaluated (a person, a team, an expert panel).
    public var evaluator: String

    public init(
        itemID: UUID,
        kind: EvaluatedAttribute,
        evaluatedOn: CivilDate? = nil,
        outcome: EvaluationOutcome,
        reason: String,
        evaluator: String
    ) {
        self.itemID = itemID
        self.kind = kind
        self.evaluatedOn = evaluatedOn
        self.outcome = outcome
        self.reason = reason
        self.evaluator = evaluator
    }
}

/// A22.1 / A29.1: the basis of a conversion that opens data up.
public enum ConversionBasis: String, Sendable, Hashable, Codable, CaseIterable, PostgresEnum {
    /// 脱敏处理 (A22 ¶2, A29 ¶3).
    case desensitisation
    /// 脱密处理 (A29 ¶3).
    case declassification
    /// 相关权利人同意 (A29 ¶3; opening only).
    case rightsHolderConsent = "rights_holder_consent"
    /// 评估: an evaluation that found the item convertible (A22 ¶1, A29 ¶2).
    case evaluation

    /// The Chinese label shown to people.
    public var label: String {
        switch self {
        case .desensitisation: "脱敏处理"
        case .declassification: "脱密处理"
        case .rightsHolderConsent: "相关权利人同意"
        case .evaluation: "评估"
        }
    }
}

/// A22.1 / A29.1: a recorded change of an item's share type or open type, with its basis, linked to the catalog
/// version whose revision carries the new type.
public struct AttributeConversion: Sendable, Hashable, Codable {
    public var id: UUID
    public var itemID: UUID
    public var itemCode: String
    public var itemName: String
    public var kind: EvaluatedAttribute
    public var fromType: String
    public var toType: String
    public var basis: ConversionBasis?
    public var evaluationID: UUID?
    public var versionID: UUID
    public var convertedOn: CivilDate
    public var note: String?
    /// The institution responsible for the item (A38.1).
    public var institution: String
    public var divisionCode: String
    public var createdAt: Date

    init(row: Row) throws {
        id = try row.decode("id")
        itemID = try row.decode("item_id")
        itemCode = try row.decode("item_code")
        itemName = try row.decode("item_name")
        kind = try row.decode("kind")
        fromType = try row.decode("from_type")
        toType = try row.decode("to_type")
        basis = try row.decodeIfPresent("basis")
        evaluationID = try row.decodeIfPresent("evaluation_id")
        versionID = try row.decode("version_id")
        convertedOn = try row.decode("converted_on")
        note = try row.decodeIfPresent("note")
        institution = try row.decode("institution_uscc")
        divisionCode = try row.decode("division_code")
        createdAt = try row.decode("created_at")
    }
}

/// A22.1 / A29.1: what a clerk records about a conversion of its institution's item.
public struct NewAttributeConversion: Sendable, Hashable, Codable {
    public var itemID: UUID
    public var kind: EvaluatedAttribute
    public var fromType: String
    public var toType: String
    public var basis: ConversionBasis?
    /// The evaluation that found the item convertible, when that is the basis.
    public var evaluationID: UUID?
    /// The catalog version whose revision of the item carries `toType`.
    public var versionID: UUID
    /// The day of the conversion; today (Asia/Shanghai) when omitted.
    public var convertedOn: CivilDate?
    public var note: String?

    public init(
        itemID: UUID,
        kind: EvaluatedAttribute,
        fromType: String,
        toType: String,
        basis: ConversionBasis? = nil,
        evaluationID: UUID? = nil,
        versionID: UUID,
        convertedOn: CivilDate? = nil,
        note: String? = nil
    ) {
        self.itemID = itemID
        self.kind = kind
        self.fromType = fromType
        self.toType = toType
        self.basis = basis
        self.evaluationID = evaluationID
        self.versionID = versionID
        self.convertedOn = convertedOn
        self.note = note
    }
}
