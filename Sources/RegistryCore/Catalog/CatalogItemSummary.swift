import Foundation
import Postgres

/// A10.1: a published catalog item as a list or a search shows it (目录条目摘要) — what a reader needs to choose an
/// item: who keeps it, its name, form, share and open type, grade and freshness. Every field of the item
/// (``CatalogItem``, with its data items) is one `GET /catalog-items/{id}` away; a page of summaries is a tenth of the
/// bytes of a page of full items.
public struct CatalogItemSummary: Sendable, Hashable, Codable {
    public var id: UUID
    /// The item's code, unique in its catalog.
    public var code: String
    /// The institution whose catalog holds the item.
    public var institution: String
    public var divisionCode: String
    /// The number of the version that approved the fields in force.
    public var currentVersionNumber: Int
    /// 数据资源名称.
    public var name: String
    /// 数据形式.
    public var dataForm: DataForm
    /// 共享类型 (A21.1).
    public var shareType: ShareType
    /// 开放属性 (A27.1).
    public var openType: OpenType
    /// 数据分级 (A9.2).
    public var grade: DataGrade?
    /// 更新频率.
    public var updateFrequency: UpdateFrequency
    /// When the data were last updated (A16.1).
    public var dataUpdatedOn: CivilDate?
    /// How many data items (共享内容) the item describes.
    public var dataItemCount: Int

    /// Reads a row of ``CatalogStore/publishedSummarySelect``.
    init(row: Row) throws {
        id = try row.decode("item_id")
        code = try row.decode("code")
        institution = try row.decode("institution_uscc")
        divisionCode = try row.decode("division_code")
        currentVersionNumber = try row.decode("current_version_number")
        name = try row.decode("name")
        dataForm = try row.decode("data_form")
        shareType = try row.decode("share_type")
        openType = try row.decode("open_type")
        grade = try row.decodeIfPresent("grade")
        updateFrequency = try row.decode("update_frequency")
        dataUpdatedOn = try row.decodeIfPresent("data_updated_on")
        dataItemCount = try row.decode("data_item_count")
    }
}
