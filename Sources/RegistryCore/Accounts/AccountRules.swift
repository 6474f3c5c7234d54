/// The database rules on accounts and data users, with the words people read when one refuses something.
enum AccountRules {
    static let subjectMatchesRole = Rule(
        constraint: "account_subject_matches_role_a38_1",
        field: "institution",
        message: "账户必须与其角色对应的主体关联:登记员、审核员、计划编制人员须属于机构,数据利用主体账户须关联数据利用主体,评估委员会成员和审计部门账户不关联数据利用主体,管理员不属于任何主体。"
    )
    static let authorityStaff = Rule(
        constraint: "account_authority_staff_a5_1",
        field: "institution",
        message: "审核员和开放计划编制人员须属于公共数据主管部门。"
    )
    static let naturalPersonIdentified = Rule(
        constraint: "data_user_natural_person_identified_a13_1",
        field: "citizen_id",
        message: "自然人须以公民身份号码作为唯一标识。"
    )
    static let legalPersonIdentified = Rule(
        constraint: "data_user_legal_person_identified_a14_1",
        field: "uscc",
        message: "法人须以统一社会信用代码作为唯一标识。"
    )
    static let organisationHasNoCitizenID = Rule(
        constraint: "data_user_organisation_has_no_citizen_id_a13_1",
        field: "citizen_id",
        message: "非法人组织不以公民身份号码标识。"
    )

    static let lastAdminKept = Rule(
        constraint: "account_last_admin_kept_a44_1",
        field: nil,
        message: "最后一个有效的平台管理员账户不能撤销:请先开设另一个管理员账户。"
    )
    static let tokenDatedByRegistry = Rule(
        constraint: "account_token_dated_by_registry_a44_1",
        field: nil,
        message: "访问令牌的有效期由登记系统在签发时确定。"
    )

    static let all = [
        subjectMatchesRole, authorityStaff, naturalPersonIdentified, legalPersonIdentified, organisationHasNoCitizenID,
        lastAdminKept, tokenDatedByRegistry,
    ]
}
