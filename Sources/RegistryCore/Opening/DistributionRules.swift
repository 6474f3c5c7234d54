/// A10.3, A16.1, A28.1: the rules `sql/0080_distributions.sql` enforces on distributions and coverage, with the field
/// each concerns and the sentence people read (``RuleCatalog`` joins them).
enum DistributionRules {
    static let title = Rule(
        constraint: "catalog_distribution_title_a28_1",
        field: "title",
        message: "获取方式须有名称。"
    )
    static let accessURL = Rule(
        constraint: "catalog_distribution_access_url_a28_1",
        field: "access_url",
        message: "访问地址须为 http 或 https 地址,且不能指向本机、内网、链路本地等非公网地址。"
    )
    static let downloadURL = Rule(
        constraint: "catalog_distribution_download_url_a28_1",
        field: "download_url",
        message: "下载地址须为 http 或 https 地址,且不能指向本机、内网、链路本地等非公网地址。"
    )
    static let licenseURL = Rule(
        constraint: "catalog_distribution_license_url_a28_1",
        field: "license_url",
        message: "许可协议地址须为 http 或 https 地址,且不能指向本机、内网、链路本地等非公网地址。"
    )
    static let mediaTypeForm = Rule(
        constraint: "catalog_distribution_media_type_form_a28_1",
        field: "media_type",
        message: "媒体类型须写作“类型/子类型”(IANA 媒体类型,如 text/csv)。"
    )
    static let mediaTypeKnown = Rule(
        constraint: "catalog_distribution_media_type_known_a28_1",
        field: "media_type",
        message: "媒体类型不在登记系统的 IANA 媒体类型参考清单中(如 text/csv、application/json)。"
    )
    static let byteSize = Rule(
        constraint: "catalog_distribution_byte_size_a28_1",
        field: "byte_size",
        message: "文件大小(字节)不能为负数。"
    )
    static let checksum = Rule(
        constraint: "catalog_distribution_checksum_a28_1",
        field: "checksum_sha256",
        message: "SHA-256 校验值须为 64 位十六进制字符。"
    )
    static let licenseNamed = Rule(
        constraint: "catalog_distribution_license_named_a28_1",
        field: "license_name",
        message: "给出许可协议地址时须写明许可协议名称。"
    )
    static let dates = Rule(
        constraint: "catalog_distribution_dates_a28_1",
        field: "modified_on",
        message: "更新日期不能早于发布日期。"
    )
    static let reviewed = Rule(
        constraint: "catalog_distribution_reviewed_a10_3",
        field: "version_id",
        message: "获取方式随目录条目在草稿版本中修改并经审核;已发布的条目只能由本机构登记员追加同一数据的更新文件。"
    )
    static let refresh = Rule(
        constraint: "catalog_distribution_refresh_a16_1",
        field: "media_type",
        message: "更新文件是同一数据的新文件:只能由提供机构追加到已发布的开放条目,且须与该条目已有的一个获取方式媒体类型相同。"
    )
    static let coveragePeriod = Rule(
        constraint: "catalog_item_coverage_period_a28_1",
        field: "temporal_to",
        message: "时间范围的结束日期不能早于开始日期。"
    )
    static let coverageDivision = Rule(
        constraint: "catalog_item_coverage_division_a28_1",
        field: "spatial_division",
        message: "空间范围的行政区划不存在。"
    )
    static let coverageGiven = Rule(
        constraint: "catalog_item_coverage_given_a28_1",
        field: "temporal_from",
        message: "须给出时间范围或空间范围。"
    )
    static let coverageReviewed = Rule(
        constraint: "catalog_item_coverage_reviewed_a10_3",
        field: "version_id",
        message: "时间和空间范围随目录条目在草稿版本中修改并经审核。"
    )

    static let all = [
        title, accessURL, downloadURL, licenseURL, mediaTypeForm, mediaTypeKnown, byteSize, checksum, licenseNamed, dates,
        reviewed, refresh, coveragePeriod, coverageDivision, coverageGiven, coverageReviewed,
    ]
}
