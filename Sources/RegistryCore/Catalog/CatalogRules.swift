/// A9.2, A10.1–A10.3, A11.1, A21.1, A27.1: the rules `sql/0008_catalog.sql` enforces on catalogs, versions, items and
/// update obligations, with the field each concerns (as the API names it) and the sentence people read.
///
/// ``RuleCatalog`` joins them, so the API and a plain SQL statement refuse the same input with the same
/// ``RegistryError``; ``CatalogStore`` checks only the rules on the shape of its input first.
public enum CatalogRules {
    // MARK: Catalogs (A10.1)

    public static let catalogNameNotBlank = Rule(
        constraint: "catalog_name_not_blank",
        field: "name",
        message: "目录名称不能为空。"
    )
    public static let onePerOwner = Rule(
        constraint: "catalog_one_per_owner_a10_1",
        field: "institution",
        message: "每个机构只编制一个部门目录,每级公共数据主管部门只编制一个本级目录;该目录已存在。"
    )
    public static let divisionOfOwner = Rule(
        constraint: "catalog_division_of_owner_a10_1",
        field: "division_code",
        message: "目录属于编制机构所在的行政区划。"
    )
    public static let levelKeptByAuthority = Rule(
        constraint: "catalog_level_kept_by_authority_a10_1",
        field: "institution",
        message: "本级目录由本级公共数据主管部门编制。"
    )

    // MARK: Versions and review (A10.1, A10.3, A11.1)

    public static let startsAsDraft = Rule(
        constraint: "catalog_version_starts_as_draft_a10_3",
        field: "state",
        message: "目录版本须从草稿开始。"
    )
    public static let oneOpenVersion = Rule(
        constraint: "catalog_version_one_open_a10_3",
        field: nil,
        message: "该目录已有一个未批准的版本(草稿、待审核或已退回),请在该版本中修改。"
    )
    public static let historyKept = Rule(
        constraint: "catalog_version_history_kept_a10_3",
        field: nil,
        message: "已提交的目录版本及其审核记录须保留:只能删除从未提交的草稿,已提交、已批准或已退回的版本不能更改。"
    )
    public static let notEmpty = Rule(
        constraint: "catalog_version_not_empty_a10_3",
        field: nil,
        message: "该目录版本没有任何变更,不能提交。"
    )
    public static let transition = Rule(
        constraint: "catalog_version_transition_a10_3",
        field: "state",
        message: "目录版本只能按“草稿→待审核→审核通过或退回”流转,退回的版本须重新打开为草稿后再提交。"
    )
    public static let reviewedByCompetentAuthority = Rule(
        constraint: "catalog_reviewed_by_competent_authority_a10_1",
        field: "reviewer_institution",
        message: "部门目录由同级公共数据主管部门审核;本级目录和公共数据主管部门本机构的目录由上一级公共数据主管部门审核(自治区的由自治区公共数据主管部门指定的审核员审核)。"
    )
    public static let notSelfReviewed = Rule(
        constraint: "catalog_version_not_self_reviewed_a10_3",
        field: "reviewer",
        message: "不能审核本机构的目录:公共数据主管部门本机构的目录由上一级公共数据主管部门审核,自治区的由自治区公共数据主管部门指定的审核员审核。"
    )
    public static let designatedReviewerTopDivision = Rule(
        constraint: "designated_catalog_reviewer_top_division_a10_3",
        field: "division_code",
        message: "只有没有上一级的行政区划(自治区)才指定审核本机构目录的审核员;其他公共数据主管部门的目录由上一级审核。"
    )
    public static let designatedReviewerAccount = Rule(
        constraint: "designated_catalog_reviewer_account_a10_3",
        field: "reviewer_account",
        message: "指定的审核员须为该行政区划公共数据主管部门的有效审核员账户。"
    )
    public static let designatedReviewerBasis = Rule(
        constraint: "designated_catalog_reviewer_basis_a10_3",
        field: "basis",
        message: "指定审核员须写明依据。"
    )
    public static let returnedWithReasons = Rule(
        constraint: "catalog_version_returned_with_reasons_a10_3",
        field: "reason",
        message: "退回目录须说明理由。"
    )
    public static let submissionDated = Rule(
        constraint: "catalog_version_submission_dated_a11_1",
        field: nil,
        message: "提交日期和审核期限由提交时记录,不能另行填写。"
    )
    public static let decisionRecorded = Rule(
        constraint: "catalog_version_decision_recorded_a10_3",
        field: nil,
        message: "审核通过或退回须记录审核时间和审核的公共数据主管部门。"
    )

    // MARK: Items (A10.1, A10.3)

    public static let itemInInstitutionalCatalog = Rule(
        constraint: "catalog_item_in_institutional_catalog_a10_1",
        field: "catalog_id",
        message: "目录条目属于部门目录;本级目录汇编审核通过的部门目录,不直接登记条目。"
    )
    public static let itemCodeFormat = Rule(
        constraint: "catalog_item_code_format",
        field: "code",
        message: "目录条目编码为1至64个字符,只能由字母、数字和 . _ / - 组成,并以字母或数字开头。"
    )
    public static let itemCodeUnique = Rule(
        constraint: "catalog_item_code_unique_a10_1",
        field: "code",
        message: "本目录中已有该编码的目录条目(撤销的条目编码也不能再用)。"
    )
    public static let itemIdentityKept = Rule(
        constraint: "catalog_item_identity_kept_a10_3",
        field: "code",
        message: "目录条目的所属目录和编码不能更改;请撤销该条目后新增条目。"
    )
    public static let currentByApproval = Rule(
        constraint: "catalog_item_current_by_approval_a10_3",
        field: nil,
        message: "目录条目的现行内容只在目录版本审核通过时更新。"
    )
    public static let revisionDraftOnly = Rule(
        constraint: "catalog_item_revision_draft_only_a10_3",
        field: "version_id",
        message: "只有草稿状态的目录版本可以修改;已提交、已批准或已退回的版本须新建草稿或重新打开后再修改。"
    )
    public static let revisionOwnCatalog = Rule(
        constraint: "catalog_item_revision_own_catalog_a10_1",
        field: "version_id",
        message: "目录条目只能在其所属目录的版本中修改。"
    )
    public static let revisionOncePerVersion = Rule(
        constraint: "catalog_item_revision_once_per_version",
        field: "item_id",
        message: "同一版本中每个目录条目只有一条修订;请修改该修订。"
    )

    // MARK: Item fields (A9.2, A10.2, A21.1, A27.1)

    public static let categoryAndGrade = Rule(
        constraint: "catalog_item_category_and_grade_a9_2",
        field: "category_code",
        message: "目录条目须标明数据分类(分类分级规则和类别)和数据分级。"
    )
    public static let categoryExists = Rule(
        constraint: "catalog_item_category_exists_a9_2",
        field: "category_code",
        message: "数据分类须是所选分类分级规则中已有的类别。"
    )
    public static let coreNotUnconditionallyOpen = Rule(
        constraint: "catalog_item_core_not_unconditionally_open_a9_2",
        field: "open_type",
        message: "核心数据不能无条件开放。"
    )
    public static let nameNotBlank = Rule(
        constraint: "catalog_item_name_not_blank_a10_2",
        field: "name",
        message: "目录条目须填写数据资源名称。"
    )
    public static let shareContent = Rule(
        constraint: "catalog_item_share_content_a10_2",
        field: "data_items",
        message: "共享内容须列出至少一个数据项,每个数据项须有名称和类型,名称不能重复。"
    )
    public static let shareScope = Rule(
        constraint: "catalog_item_share_scope_a10_2",
        field: "share_scope",
        message: "目录条目须填写共享范围。"
    )
    public static let departmentsNamed = Rule(
        constraint: "catalog_item_departments_named_a10_2",
        field: "collecting_department",
        message: "目录条目须填写采集部门、核准部门和提供部门。"
    )
    public static let restrictedShareNeedsReason = Rule(
        constraint: "catalog_item_restricted_share_needs_reason_a21_1",
        field: "share_reason",
        message: "有条件共享和不予共享的目录条目须说明理由。"
    )
    public static let restrictedShareNeedsLegalBasis = Rule(
        constraint: "catalog_item_restricted_share_needs_legal_basis_a21_1",
        field: "share_legal_basis",
        message: "有条件共享和不予共享的目录条目须提供法律、法规依据;没有限制共享依据的,应当无条件共享。"
    )
    public static let shareLegalBasisCited = Rule(
        constraint: "catalog_item_share_legal_basis_cited_a21_1",
        field: "share_legal_basis",
        message: "共享依据须引用法律、法规:格式为书名号内的法律、法规或规章名称,可后接条款序号,例如《中华人民共和国个人信息保护法》第十三条。"
    )
    public static let conditionalShareNeedsConditions = Rule(
        constraint: "catalog_item_conditional_share_needs_conditions_a21_1",
        field: "share_conditions",
        message: "有条件共享的目录条目须写明共享条件。"
    )
    public static let notOpenNeedsGround = Rule(
        constraint: "catalog_item_not_open_needs_ground_a27_1",
        field: "not_open_ground",
        message: "非开放的目录条目须说明依据:商业秘密、个人隐私或法律法规规定不得开放。"
    )
    public static let notOpenLawNamed = Rule(
        constraint: "catalog_item_not_open_law_named_a27_1",
        field: "open_legal_basis",
        message: "以法律法规规定为由不予开放的,须写明所依据的法律法规。"
    )
    public static let openLegalBasisCited = Rule(
        constraint: "catalog_item_open_legal_basis_cited_a27_1",
        field: "open_legal_basis",
        message: "不予开放的法律、法规依据须引用法律、法规:格式为书名号内的法律、法规或规章名称,可后接条款序号,例如《中华人民共和国个人信息保护法》第十三条。"
    )
    public static let openGroundOnlyWhenNotOpen = Rule(
        constraint: "catalog_item_open_ground_only_when_not_open_a27_1",
        field: "not_open_ground",
        message: "只有非开放的目录条目填写不予开放的依据。"
    )
    public static let conditionalOpenNeedsConditions = Rule(
        constraint: "catalog_item_conditional_open_needs_conditions_a27_1",
        field: "open_conditions",
        message: "有条件开放的目录条目须写明开放条件(开放对象、用途和范围)。"
    )
    public static let sourceInstitutionRegistered = Rule(
        constraint: "catalog_item_revision_source_institution_uscc_fkey",
        field: "source_institution",
        message: "数源部门须是已登记的机构。"
    )
    public static let baseDataKindExists = Rule(
        constraint: "catalog_item_revision_base_data_kind_code_fkey",
        field: "base_data_kind",
        message: "基础数据类别须是第十三条至第十五条所列的类别之一。"
    )

    // MARK: Level catalogs (A10.1)

    public static let levelCompilesApproved = Rule(
        constraint: "level_catalog_compiles_approved_catalogs_a10_1",
        field: "member_version_id",
        message: "本级目录汇编本行政区划内各机构审核通过的部门目录。"
    )

    // MARK: Update obligations (A11.1)

    public static let obligationDescribed = Rule(
        constraint: "catalog_update_obligation_described_a11_1",
        field: "description",
        message: "须说明法律依据或职责发生了什么变化。"
    )
    public static let obligationFulfilmentDated = Rule(
        constraint: "catalog_update_obligation_fulfilment_dated_a11_1",
        field: nil,
        message: "更新义务的履行由提交目录版本记录,须同时记录版本和日期。"
    )
    public static let obligationDue = Rule(
        constraint: "catalog_update_obligation_due_a11_1",
        field: "event_on",
        message: "法律依据或职责变化的日期和所属目录记录后不能更改;更新期限为其后15个工作日。"
    )

    /// Every rule above, for ``RuleCatalog``.
    public static let all: [Rule] = [
        catalogNameNotBlank, onePerOwner, divisionOfOwner, levelKeptByAuthority,
        startsAsDraft, oneOpenVersion, historyKept, notEmpty, transition, reviewedByCompetentAuthority, notSelfReviewed, returnedWithReasons,
        submissionDated, decisionRecorded, designatedReviewerTopDivision, designatedReviewerAccount, designatedReviewerBasis,
        itemInInstitutionalCatalog, itemCodeFormat, itemCodeUnique, itemIdentityKept, currentByApproval, revisionDraftOnly,
        revisionOwnCatalog, revisionOncePerVersion,
        categoryAndGrade, categoryExists, coreNotUnconditionallyOpen, nameNotBlank, shareContent, shareScope, departmentsNamed,
        restrictedShareNeedsReason, restrictedShareNeedsLegalBasis, shareLegalBasisCited, conditionalShareNeedsConditions,
        notOpenNeedsGround, notOpenLawNamed, openLegalBasisCited, openGroundOnlyWhenNotOpen, conditionalOpenNeedsConditions,
        sourceInstitutionRegistered,
        baseDataKindExists,
        levelCompilesApproved,
        obligationDescribed, obligationFulfilmentDated, obligationDue,
    ]
}
