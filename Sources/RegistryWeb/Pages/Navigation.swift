import RegistryCore

/// The one list of the workspace's pages by role: the header shows a role the entries listed for it. A new page adds
/// its entry here.
enum Navigation {
    /// Every entry, in the order the header shows them.
    static let entries: [NavigationEntry] = [
        NavigationEntry(path: "/workspace", label: "工作台", roles: Set(Role.allCases).subtracting([.dataUser])),
        NavigationEntry(path: "/catalog", label: "本机构目录", roles: [.clerk]),
        NavigationEntry(path: CatalogImportController.path, label: "导入", roles: [.clerk]),
        NavigationEntry(path: DataAssetPagesController.list, label: "数据资产", roles: [.clerk]),
        NavigationEntry(path: "/sharing/requests", label: "共享申请", roles: [.clerk]),
        NavigationEntry(path: "/sharing/demands", label: "目录外需求", roles: [.clerk]),
        NavigationEntry(path: "/reviews", label: "目录审核", roles: [.reviewer]),
        NavigationEntry(path: "/catalogs", label: "辖区目录", roles: [.reviewer]),
        NavigationEntry(path: "/sharing/reviews", label: "需求审核", roles: [.reviewer]),
        NavigationEntry(path: "/sharing/lists/demand", label: "共享清单", roles: [.clerk, .reviewer, .planner, .committee, .admin]),
        NavigationEntry(path: DataAssetPagesController.levelRegister, label: "资产登记簿", roles: [.reviewer]),
        // Planners, the assessment committee and the authorities' supervision
        NavigationEntry(path: OpenPlanPagesController.list, label: "开放计划", roles: [.planner]),
        NavigationEntry(path: AssessmentPagesController.list, label: "年度评估", roles: [.committee, .reviewer]),
        NavigationEntry(path: ErrorReportPagesController.list, label: "纠错", roles: [.clerk, .reviewer]),
        NavigationEntry(path: SupervisionPagesController.violations, label: "违规记录", roles: [.reviewer]),
        NavigationEntry(path: UnlawfulUseReportPagesController.list, label: "举报", roles: [.reviewer]),
        NavigationEntry(path: DisputePagesController.list, label: "争议", roles: [.reviewer, .committee]),
        NavigationEntry(path: SupervisionPagesController.suspensions, label: "暂停权限", roles: [.reviewer]),
        NavigationEntry(path: SupervisionPagesController.security, label: "安全管理", roles: [.reviewer]),
        NavigationEntry(path: SupervisionPagesController.riskReviews, label: "风险评估", roles: [.reviewer]),
        NavigationEntry(path: SupervisionPagesController.compliance, label: "合规情况", roles: [.reviewer]),
        NavigationEntry(path: AssessmentPagesController.compliance, label: "合规报告", roles: [.committee, .reviewer, .planner, .admin]),
        NavigationEntry(path: AdminPagesController.accounts, label: "账户管理", roles: [.admin]),
        NavigationEntry(path: AdminPagesController.institutions, label: "机构管理", roles: [.admin]),
        NavigationEntry(path: AdminPagesController.calendar, label: "工作日历", roles: [.admin]),
        // The data users' pages and the public open data portal (A28.1–A28.3).
        NavigationEntry(path: "/my", label: "我的申请与异议", roles: [.dataUser]),
        NavigationEntry(path: PortalPath.home, label: "开放数据门户", roles: Set(Role.allCases)),
    ]

    /// The links `role` sees, the one for `current` marked.
    static func links(for role: Role, current: String) -> [NavigationLink] {
        entries.filter { $0.roles.contains(role) }.map { NavigationLink(path: $0.path, label: $0.label, current: $0.path == current) }
    }
}

/// A page in the navigation and the roles that see it.
struct NavigationEntry: Sendable {
    var path: String
    var label: String
    var roles: Set<Role>
}

/// A link of the header's navigation.
struct NavigationLink: Sendable {
    var path: String
    var label: String
    /// Whether it is the page being shown (`aria-current`).
    var current: Bool
}
