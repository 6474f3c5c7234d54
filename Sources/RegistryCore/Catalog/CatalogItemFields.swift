import Foundation
import Postgres

/// A10.2: every field of a catalog item (目录条目) as one catalog version sets it — a row of `catalog_item_revision`.
///
/// Share type and its conditions, reason and legal basis follow A21.1; open type and its conditions or ground follow
/// A27.1; category and grade follow A9.2; `dataUpdatedOn` records when the data were last updated (A16.1). Property
/// names are the API's in camel case (`source_institution` ↔ ``sourceInstitution``); ``validationFailure()`` checks
/// the rules of the database in its order.
public struct CatalogItemFields: Sendable, Hashable, Codable {
    /// 数据资源名称.
    public var name: String
    /// 数据资源摘要.
    public var description: String?
    /// 数据形式.
    public var dataForm: DataForm
    /// 共享内容: the data items (fields) of the data.
    public var dataItems: [DataItem]
    /// 共享类型 (A21.1).
    public var shareType: ShareType
    /// 共享条件: required for conditional sharing.
    public var shareConditions: String?
    /// Why sharing is restricted: required for conditional and not-shared items.
    public var shareReason: String?
    /// The law or regulation restricting sharing (法律、法规依据): required for conditional and not-shared items.
    public var shareLegalBasis: String?
    /// 共享范围.
    public var shareScope: String
    /// 开放属性 (A27.1).
    public var openType: OpenType
    /// 开放条件 (object, use, scope): required for conditional opening.
    public var openConditions: String?
    /// Why the item is not open: required for not-open items, and only for them.
    public var notOpenGround: NotOpenGround?
    /// The law that forbids opening, when that is the ground.
    public var openLegalBasis: String?
    /// 更新频率.
    public var updateFrequency: UpdateFrequency
    /// 采集部门.
    public var collectingDepartment: String
    /// 核准部门.
    public var approvingDepartment: String
    /// 提供部门.
    public var providingDepartment: String
    /// 数源部门: unified social credit code of the data source institution (A13.2, A38.1).
    public var sourceInstitution: String
    /// The classification scheme of the category; the default scheme when `nil` and a category code is given.
    public var categoryScheme: String?
    /// 数据分类: a category of the scheme (A9.2).
    public var categoryCode: String?
    /// 数据分级 (A9.2).
    public var grade: DataGrade?
    /// The legal basis of collecting the data (采集依据).
    public var legalBasis: String?
    /// The base data kind of A13–A15 the item holds, if any (A13.3).
    public var baseDataKind: String?
    /// When the data were last updated (A16.1).
    public var dataUpdatedOn: CivilDate?
    /// Closely related to people's livelihood (与民生紧密相关, A26.1).
    public var livelihoodRelated: Bool

    public init(
        name: String,
        description: String? = nil,
        dataForm: DataForm,
        dataItems: [DataItem],
        shareType: ShareType,
        shareConditions: String? = nil,
        shareReason: String? = nil,
        shareLegalBasis: String? = nil,
        shareScope: String,
        openType: OpenType,
        openConditions: String? = nil,
        notOpenGround: NotOpenGround? = nil,
        openLegalBasis: String? = nil,
        updateFrequency: UpdateFrequency,
        collectingDepartment: String,
        approvingDepartment: String,
        providingDepartment: String,
        sourceInstitution: String,
        categoryScheme: String? = nil,
        categoryCode: String?,
        grade: DataGrade?,
        legalBasis: String? = nil,
        baseDataKind: String? = nil,
        dataUpdatedOn: CivilDate? = nil,
        livelihoodRelated: Bool = false
    ) {
        self.name = name
        self.description = description
        self.dataForm = dataForm
        self.dataItems = dataItems
        self.shareType = shareType
        self.shareConditions = shareConditions
        self.shareReason = shareReason
        self.shareLegalBasis = shareLegalBasis
        self.shareScope = shareScope
        self.openType = openType
        self.openConditions = openConditions
        self.notOpenGround = notOpenGround
        self.openLegalBasis = openLegalBasis
        self.updateFrequency = updateFrequency
        self.collectingDepartment = collectingDepartment
        self.approvingDepartment = approvingDepartment
        self.providingDepartment = providingDepartment
        self.sourceInstitution = sourceInstitution
        self.categoryScheme = categoryScheme
        self.categoryCode = categoryCode
        self.grade = grade
        self.legalBasis = legalBasis
        self.baseDataKind = baseDataKind
        self.dataUpdatedOn = dataUpdatedOn
        self.livelihoodRelated = livelihoodRelated
    }

    private enum CodingKeys: String, CodingKey {
        case name, description, dataForm, dataItems, shareType, shareConditions, shareReason, shareLegalBasis, shareScope
        case openType, openConditions, notOpenGround, openLegalBasis, updateFrequency, collectingDepartment
        case approvingDepartment, providingDepartment, sourceInstitution, categoryScheme, categoryCode, grade, legalBasis
        case baseDataKind, dataUpdatedOn, livelihoodRelated
    }

    /// Decodes the fields; `livelihood_related` may be left out (false).
    public init(from decoder: any Decoder) throws {
        let values = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            name: try values.decode(String.self, forKey: .name),
            description: try values.decodeIfPresent(String.self, forKey: .description),
            dataForm: try values.decode(DataForm.self, forKey: .dataForm),
            dataItems: try values.decode([DataItem].self, forKey: .dataItems),
            shareType: try values.decode(ShareType.self, forKey: .shareType),
            shareConditions: try values.decodeIfPresent(String.self, forKey: .shareConditions),
            shareReason: try values.decodeIfPresent(String.self, forKey: .shareReason),
            shareLegalBasis: try values.decodeIfPresent(String.self, forKey: .shareLegalBasis),
            shareScope: try values.decode(String.self, forKey: .shareScope),
            openType: try values.decode(OpenType.self, forKey: .openType),
            openConditions: try values.decodeIfPresent(String.self, forKey: .openConditions),
            notOpenGround: try values.decodeIfPresent(NotOpenGround.self, forKey: .notOpenGround),
            openLegalBasis: try values.decodeIfPresent(String.self, forKey: .openLegalBasis),
            updateFrequency: try values.decode(UpdateFrequency.self, forKey: .updateFrequency),
            collectingDepartment: try values.decode(String.self, forKey: .collectingDepartment),
            approvingDepartment: try values.decode(String.self, forKey: .approvingDepartment),
            providingDepartment: try values.decode(String.self, forKey: .providingDepartment),
            sourceInstitution: try values.decode(String.self, forKey: .sourceInstitution),
            categoryScheme: try values.decodeIfPresent(String.self, forKey: .categoryScheme),
            categoryCode: try values.decodeIfPresent(String.self, forKey: .categoryCode),
            grade: try values.decodeIfPresent(DataGrade.self, forKey: .grade),
            legalBasis: try values.decodeIfPresent(String.self, forKey: .legalBasis),
            baseDataKind: try values.decodeIfPresent(String.self, forKey: .baseDataKind),
            dataUpdatedOn: try values.decodeIfPresent(CivilDate.self, forKey: .dataUpdatedOn),
            livelihoodRelated: try values.decodeIfPresent(Bool.self, forKey: .livelihoodRelated) ?? false
        )
    }
}

// MARK: - Rules

extension CatalogItemFields {
    /// A check constraint of `catalog_item_revision` and its test in Swift.
    struct Check: Sendable {
        let rule: Rule
        let holds: @Sendable (CatalogItemFields) -> Bool

        init(_ rule: Rule, _ holds: @escaping @Sendable (CatalogItemFields) -> Bool) {
            self.rule = rule
            self.holds = holds
        }
    }

    /// The check constraints of `catalog_item_revision` in name order — the order PostgreSQL checks them — so the
    /// first that fails here is the one the database would report.
    static let checks: [Check] = {
        let checks: [Check] = [
            Check(CatalogRules.categoryAndGrade) { (f: CatalogItemFields) -> Bool in
                f.categoryScheme != nil && f.categoryCode != nil && f.grade != nil
            },
            Check(CatalogRules.conditionalOpenNeedsConditions) { (f: CatalogItemFields) -> Bool in
                f.openType != .conditional || !SQLText.isBlank(f.openConditions)
            },
            Check(CatalogRules.conditionalShareNeedsConditions) { (f: CatalogItemFields) -> Bool in
                f.shareType != .conditional || !SQLText.isBlank(f.shareConditions)
            },
            // SQL: grade <> 'core' or open_type <> 'unconditional'; a missing grade is caught by the first check.
            Check(CatalogRules.coreNotUnconditionallyOpen) { (f: CatalogItemFields) -> Bool in
                f.grade != .core || f.openType != .unconditional
            },
            Check(CatalogRules.departmentsNamed) { (f: CatalogItemFields) -> Bool in
                let departments: [String] = [f.collectingDepartment, f.approvingDepartment, f.providingDepartment]
                return !departments.contains { SQLText.isBlank($0) }
            },
            Check(CatalogRules.nameNotBlank) { (f: CatalogItemFields) -> Bool in !SQLText.isBlank(f.name) },
            Check(CatalogRules.notOpenLawNamed) { (f: CatalogItemFields) -> Bool in
                f.notOpenGround != .law || !SQLText.isBlank(f.openLegalBasis)
            },
            Check(CatalogRules.notOpenNeedsGround) { (f: CatalogItemFields) -> Bool in
                f.openType != .notOpen || f.notOpenGround != nil
            },
            Check(CatalogRules.openGroundOnlyWhenNotOpen) { (f: CatalogItemFields) -> Bool in
                f.openType == .notOpen || f.notOpenGround == nil
            },
            Check(CatalogRules.restrictedShareNeedsLegalBasis) { (f: CatalogItemFields) -> Bool in
                !f.shareType.isRestricted || !SQLText.isBlank(f.shareLegalBasis)
            },
            Check(CatalogRules.restrictedShareNeedsReason) { (f: CatalogItemFields) -> Bool in
                !f.shareType.isRestricted || !SQLText.isBlank(f.shareReason)
            },
            Check(CatalogRules.shareContent) { (f: CatalogItemFields) -> Bool in DataItem.isValidShareContent(f.dataItems) },
            Check(CatalogRules.shareScope) { (f: CatalogItemFields) -> Bool in !SQLText.isBlank(f.shareScope) },
        ]
        return checks.sorted { $0.rule.constraint < $1.rule.constraint }
    }()

    /// The names of the check constraints ``validationFailure()`` mirrors, in the order it checks them.
    public static var checkConstraintNames: [String] { checks.map(\.rule.constraint) }

    /// The first rule of A10.2, A21.1, A27.1 and A9.2 these fields break, as the database would report it, or `nil`.
    ///
    /// Only the rules that need nothing but the fields: the store also checks the source institution (A14.1, it must be
    /// registered), the base data kind and the category (they must exist), in the database's order.
    public func validationFailure() -> RegistryError? {
        Self.checks.first { !$0.holds(self) }?.rule.error
    }
}

// MARK: - Rows

extension CatalogItemFields: RowColumns {
    /// Reads the A10.2 columns of a `catalog_item_revision` row.
    init(revision row: Row) throws {
        self.init(
            name: try row.decode("name"),
            description: try row.decodeIfPresent("description"),
            dataForm: try row.decode("data_form"),
            dataItems: try row.decode("data_items", as: PostgresJSON<[DataItem]>.self).value,
            shareType: try row.decode("share_type"),
            shareConditions: try row.decodeIfPresent("share_conditions"),
            shareReason: try row.decodeIfPresent("share_reason"),
            shareLegalBasis: try row.decodeIfPresent("share_legal_basis"),
            shareScope: try row.decode("share_scope"),
            openType: try row.decode("open_type"),
            openConditions: try row.decodeIfPresent("open_conditions"),
            notOpenGround: try row.decodeIfPresent("not_open_ground"),
            openLegalBasis: try row.decodeIfPresent("open_legal_basis"),
            updateFrequency: try row.decode("update_frequency"),
            collectingDepartment: try row.decode("collecting_department"),
            approvingDepartment: try row.decode("approving_department"),
            providingDepartment: try row.decode("providing_department"),
            sourceInstitution: try row.decode("source_institution_uscc"),
            categoryScheme: try row.decodeIfPresent("category_scheme"),
            categoryCode: try row.decodeIfPresent("category_code"),
            grade: try row.decodeIfPresent("grade"),
            legalBasis: try row.decodeIfPresent("legal_basis"),
            baseDataKind: try row.decodeIfPresent("base_data_kind_code"),
            dataUpdatedOn: try row.decodeIfPresent("data_updated_on"),
            livelihoodRelated: try row.decode("livelihood_related")
        )
    }

    /// The `catalog_item_revision` columns ``init(revision:)`` reads: the statements that read the fields select them by name.
    static let columnNames = [
        "name", "description", "data_form", "data_items", "share_type", "share_conditions", "share_reason", "share_legal_basis", "share_scope",
        "open_type", "open_conditions", "not_open_ground", "open_legal_basis", "update_frequency", "collecting_department",
        "approving_department", "providing_department", "source_institution_uscc", "category_scheme", "category_code", "grade", "legal_basis",
        "base_data_kind_code", "data_updated_on", "livelihood_related",
    ]
}
