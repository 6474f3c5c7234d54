import RegistryCore

/// The reference lists the item editor chooses from: the default scheme's category tree (A9.1) and the base data
/// kinds of A13–A15.
struct CatalogItemChoices: Sendable {
    /// The categories in tree order, indented by depth.
    var categories: [(value: String, label: String)]
    var baseDataKinds: [(value: String, label: String)]

    init(trees: [DataCategoryNode], baseDataKinds: [BaseDataKind]) {
        categories = ChoiceField.options(trees)
        self.baseDataKinds = baseDataKinds.map { (value: $0.code, label: $0.name) }
    }
}

/// The draft editor of one catalog item (A10.2): every field, the enumerations as selects in Chinese, the category from
/// the classification tree, the data items as rows with 增加一行 — which works without script: it posts the form and
/// gets it back with one more row.
struct CatalogItemEditorPage: FormPage {
    static let template = "catalog-item-form"
    static let fields: Set<String> = [
        "code", "name", "description", "data_form", "data_items", "share_type", "share_conditions", "share_reason",
        "share_legal_basis", "share_scope", "open_type", "open_conditions", "not_open_ground", "open_legal_basis",
        "update_frequency", "collecting_department", "approving_department", "providing_department", "source_institution",
        "category_code", "grade", "legal_basis", "base_data_kind", "data_updated_on",
    ]
    var title: String
    /// Where the form posts.
    var action: String
    var versionPath: String
    var versionNumber: Int
    /// The code input of a new item; an edited item shows its code, which never changes.
    var codeInput: FormField?
    var fixedCode: String?
    var basics: [FormField]
    var dataForm: ChoiceField
    var rows: [Row]
    var rowsError: FieldError?
    var sharing: Sharing
    var opening: Opening
    var departments: [FormField]
    var classification: [ChoiceField]
    var collection: [FormField]
    var updateFrequency: ChoiceField
    var baseDataKind: ChoiceField
    var livelihoodRelated: Bool
    var categoryScheme: String?
    var errors: FormErrors

    /// The share type and what it requires (A21.1).
    struct Sharing: Sendable {
        var type: ChoiceField
        var details: [FormField]
    }

    /// The open type and what it requires (A27.1).
    struct Opening: Sendable {
        var type: ChoiceField
        var ground: ChoiceField
        var details: [FormField]
    }

    /// One data item row: its inputs' ids carry the row's index; the labels are read by screen readers.
    struct Row: Sendable {
        var number: Int
        var index: Int
        var name: String
        var types: [ChoiceField.Option]
        var description: String
    }

    /// The form for `input`, posting to `action`; `code` is set for an existing item.
    init(
        input: CatalogItemInput,
        code: String?,
        version: CatalogVersion,
        action: String,
        choices: CatalogItemChoices,
        errors: FormErrors = FormErrors()
    ) {
        title = code.map { "修改目录条目 \($0)" } ?? "新增目录条目"
        self.action = action
        versionPath = "/catalog-versions/\(version.id)"
        versionNumber = version.number
        fixedCode = code
        codeInput =
            code == nil
            ? FormField("code", label: "目录条目编码", value: input.code ?? "", hint: "字母、数字和 . _ / -,本目录内唯一,撤销后也不再使用。", errors: errors) : nil
        basics = [
            FormField(
                "name",
                label: CatalogFieldText.label("name"),
                value: input.name ?? "",
                errors: errors
            ),
            FormField(
                "description",
                label: CatalogFieldText.label("description"),
                type: "textarea",
                value: input.description ?? "",
                errors: errors
            ),
        ]
        dataForm = ChoiceField(
            "data_form",
            label: CatalogFieldText.label("data_form"),
            options: ChoiceField.options(DataForm.self, label: \.label),
            chosen: input.dataForm,
            errors: errors
        )
        rows = Self.rows(input.rows)
        rowsError = errors.fields["data_items"]
        sharing = Self.sharing(input, errors)
        opening = Self.opening(input, errors)
        departments = Self.departments(input, errors)
        classification = Self.classification(input, choices, errors)
        collection = [
            FormField(
                "legal_basis",
                label: CatalogFieldText.label("legal_basis"),
                value: input.legalBasis ?? "",
                hint: "采集该数据所依据的法律、法规或职责。",
                errors: errors
            ),
            FormField(
                "data_updated_on",
                label: CatalogFieldText.label("data_updated_on"),
                type: "date",
                value: input.dataUpdatedOn ?? "",
                errors: errors
            ),
        ]
        updateFrequency = ChoiceField(
            "update_frequency",
            label: CatalogFieldText.label("update_frequency"),
            options: ChoiceField.options(UpdateFrequency.self, label: \.label),
            chosen: input.updateFrequency,
            errors: errors
        )
        baseDataKind = ChoiceField(
            "base_data_kind",
            label: CatalogFieldText.label("base_data_kind"),
            options: choices.baseDataKinds,
            chosen: input.baseDataKind,
            prompt: "不属于基础数据",
            hint: "第十三条至第十五条所列的基础数据。",
            errors: errors
        )
        livelihoodRelated = input.livelihoodRelated == "true"
        categoryScheme = input.categoryScheme
        self.errors = errors
    }

    private static func rows(_ rows: [CatalogItemInput.Row]) -> [Row] {
        let types = ChoiceField.options(DataItemType.self, label: \.label)
        return rows.enumerated().map { index, row in
            Row(
                number: index + 1,
                index: index,
                name: row.name,
                types: types.map { ChoiceField.Option(value: $0.value, label: $0.label, selected: $0.value == row.type) },
                description: row.description
            )
        }
    }

    private static func sharing(_ input: CatalogItemInput, _ errors: FormErrors) -> Sharing {
        Sharing(
            type: ChoiceField(
                "share_type",
                label: CatalogFieldText.label("share_type"),
                options: ChoiceField.options(ShareType.self, label: \.label),
                chosen: input.shareType,
                hint: "无法律、法规依据的,应当无条件共享。",
                errors: errors
            ),
            details: [
                FormField(
                    "share_conditions",
                    label: CatalogFieldText.label("share_conditions"),
                    type: "textarea",
                    value: input.shareConditions ?? "",
                    hint: "有条件共享时填写。",
                    errors: errors
                ),
                FormField(
                    "share_reason",
                    label: CatalogFieldText.label("share_reason"),
                    value: input.shareReason ?? "",
                    hint: "有条件共享和不予共享时填写。",
                    errors: errors
                ),
                FormField(
                    "share_legal_basis",
                    label: CatalogFieldText.label("share_legal_basis"),
                    value: input.shareLegalBasis ?? "",
                    hint: "有条件共享和不予共享时填写。",
                    errors: errors
                ),
                FormField(
                    "share_scope",
                    label: CatalogFieldText.label("share_scope"),
                    value: input.shareScope ?? "",
                    errors: errors
                ),
            ]
        )
    }

    private static func opening(_ input: CatalogItemInput, _ errors: FormErrors) -> Opening {
        Opening(
            type: ChoiceField(
                "open_type",
                label: CatalogFieldText.label("open_type"),
                options: ChoiceField.options(OpenType.self, label: \.label),
                chosen: input.openType,
                errors: errors
            ),
            ground: ChoiceField(
                "not_open_ground",
                label: CatalogFieldText.label("not_open_ground"),
                options: ChoiceField.options(NotOpenGround.self, label: \.label),
                chosen: input.notOpenGround,
                prompt: "(非开放时选择)",
                errors: errors
            ),
            details: [
                FormField(
                    "open_conditions",
                    label: CatalogFieldText.label("open_conditions"),
                    type: "textarea",
                    value: input.openConditions ?? "",
                    hint: "有条件开放时写明开放对象、用途和范围。",
                    errors: errors
                ),
                FormField(
                    "open_legal_basis",
                    label: CatalogFieldText.label("open_legal_basis"),
                    value: input.openLegalBasis ?? "",
                    errors: errors
                ),
            ]
        )
    }

    private static func departments(_ input: CatalogItemInput, _ errors: FormErrors) -> [FormField] {
        [
            FormField(
                "collecting_department",
                label: CatalogFieldText.label("collecting_department"),
                value: input.collectingDepartment ?? "",
                errors: errors
            ),
            FormField(
                "approving_department",
                label: CatalogFieldText.label("approving_department"),
                value: input.approvingDepartment ?? "",
                errors: errors
            ),
            FormField(
                "providing_department",
                label: CatalogFieldText.label("providing_department"),
                value: input.providingDepartment ?? "",
                errors: errors
            ),
            FormField(
                "source_institution",
                label: CatalogFieldText.label("source_institution"),
                value: input.sourceInstitution ?? "",
                errors: errors
            ),
        ]
    }

    private static func classification(_ input: CatalogItemInput, _ choices: CatalogItemChoices, _ errors: FormErrors) -> [ChoiceField] {
        [
            ChoiceField(
                "category_code",
                label: CatalogFieldText.label("category_code"),
                options: choices.categories,
                chosen: input.categoryCode,
                prompt: "(请选择类别)",
                hint: "按全区公共数据分类分级规则选择。",
                errors: errors
            ),
            ChoiceField(
                "grade",
                label: CatalogFieldText.label("grade"),
                options: ChoiceField.options(DataGrade.self, label: \.label),
                chosen: input.grade,
                prompt: "(请选择分级)",
                hint: "核心数据不能无条件开放。",
                errors: errors
            ),
        ]
    }
}
