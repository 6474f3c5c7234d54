/// A43.1 / A9.2: the rules `sql/0014_data_assets.sql` enforces on the asset register, with the field each concerns and
/// the sentence people read when one refuses something (``RuleCatalog`` joins them).
enum AssetRules {
    static let holderExists = Rule(
        constraint: "data_asset_holder_exists_a43_1",
        field: "holder",
        message: "数据资产须由已登记的机构登记。"
    )
    static let nameNotBlank = Rule(
        constraint: "data_asset_name_not_blank_a43_1",
        field: "name",
        message: "数据资产名称不能为空。"
    )
    static let sourceSystemNamed = Rule(
        constraint: "data_asset_source_system_named_a43_1",
        field: "source_system",
        message: "须写明数据资产的来源系统。"
    )
    static let recordCountNotNegative = Rule(
        constraint: "data_asset_record_count_not_negative_a43_1",
        field: "record_count",
        message: "数据量(条数)不能为负数。"
    )
    static let volumeNotNegative = Rule(
        constraint: "data_asset_volume_not_negative_a43_1",
        field: "volume_bytes",
        message: "存储量(字节)不能为负数。"
    )
    static let categoryAndGrade = Rule(
        constraint: "data_asset_category_and_grade_a9_2",
        field: "category_code",
        message: "数据资产须有分类和分级(分类分级规则、类别代码和级别:核心数据、重要数据或一般数据)。"
    )
    static let categoryExists = Rule(
        constraint: "data_asset_category_exists_a9_2",
        field: "category_code",
        message: "分类不存在:须为已登记的分类分级规则中的类别。"
    )
    static let startsRegistered = Rule(
        constraint: "data_asset_starts_registered_a43_1",
        field: "status",
        message: "数据资产登记时的状态须为“已登记”。"
    )
    static let retiredOnOnlyWhenRetired = Rule(
        constraint: "data_asset_retired_on_only_when_retired_a43_1",
        field: "retired_on",
        message: "只有已注销的数据资产才有注销日期,已注销的数据资产必须有注销日期。"
    )
    static let statusTransition = Rule(
        constraint: "data_asset_status_transition_a43_1",
        field: "status",
        message: "数据资产状态不能这样改变:已变更的资产不能回到“已登记”,恢复的只能是已注销的资产,恢复后为“已变更”。"
    )
    static let retiredUnchanged = Rule(
        constraint: "data_asset_retired_unchanged_a43_1",
        field: "status",
        message: "已注销的数据资产不能变更或再次注销,只能由公共数据主管部门恢复。"
    )
    static let restoredByAuthority = Rule(
        constraint: "data_asset_restored_by_authority_a43_1",
        field: "status",
        message: "已注销的数据资产只能由资产持有机构所在地区或上级公共数据主管部门的审核员恢复。"
    )
    static let identityKept = Rule(
        constraint: "data_asset_identity_kept_a43_1",
        field: "id",
        message: "数据资产的标识、登记编号、持有机构和登记日期不能改变;目录项关联只能增删。"
    )
    static let historyKept = Rule(
        constraint: "data_asset_history_kept_a43_1",
        field: "id",
        message: "数据资产不能删除,只能注销,以保留登记和变更记录。"
    )
    static let linkSameInstitution = Rule(
        constraint: "data_asset_link_same_institution_a43_1",
        field: "catalog_items",
        message: "数据资产只能关联本机构目录中的目录项。"
    )
    static let linkItemExists = Rule(
        constraint: "data_asset_link_item_exists_a43_1",
        field: "catalog_items",
        message: "关联的目录项不存在。"
    )
    static let linkAssetExists = Rule(
        constraint: "data_asset_link_asset_exists_a43_1",
        field: "id",
        message: "目录项只能关联到已登记的数据资产。"
    )
    static let changeAssetExists = Rule(
        constraint: "data_asset_change_asset_exists_a43_1",
        field: "id",
        message: "变更记录须属于已登记的数据资产。"
    )
    static let changeActionKnown = Rule(
        constraint: "data_asset_change_action_known_a43_1",
        field: "action",
        message: "变更记录的类型须为登记、变更、注销或恢复。"
    )
    static let changeWrittenByTrigger = Rule(
        constraint: "data_asset_change_written_by_trigger_a43_1",
        field: nil,
        message: "数据资产变更记录由登记系统自动生成,不能直接写入、修改或删除。"
    )

    static let all: [Rule] = [
        holderExists, nameNotBlank, sourceSystemNamed, recordCountNotNegative, volumeNotNegative, categoryAndGrade,
        categoryExists, startsRegistered, retiredOnOnlyWhenRetired, statusTransition, retiredUnchanged, restoredByAuthority,
        identityKept, historyKept, linkSameInstitution, linkItemExists, linkAssetExists, changeAssetExists, changeActionKnown,
        changeWrittenByTrigger,
    ]
}
