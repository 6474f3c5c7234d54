import Foundation
import Postgres

/// A33.1: who made a data product (开发主体).
public enum DataProductMaker: String, Sendable, Hashable, CaseIterable, Codable, PostgresEnum {
    /// 数据利用主体 (经营主体和个人): records its own products.
    case dataUser = "data_user"
    /// 公共管理和服务机构: its clerks record its products.
    case institution

    /// The Chinese label.
    public var label: String {
        switch self {
        case .dataUser: "数据利用主体"
        case .institution: "公共管理和服务机构"
        }
    }
}

/// A33.1: a data product as its maker records it — built on items of the open catalog.
public struct NewDataProduct: Sendable, Hashable, Codable {
    public var name: String
    public var purpose: String
    /// The day the product was made (形成日期), not after today.
    public var madeOn: CivilDate
    /// The open catalog items it uses, each once (1–50).
    public var itemIDs: [UUID]

    /// `item_ids` in the API's JSON (its decoder reads `…_ids` as `…Ids`).
    enum CodingKeys: String, CodingKey {
        case name, purpose, madeOn
        case itemIDs = "itemIds"
    }

    public init(name: String, purpose: String, madeOn: CivilDate, itemIDs: [UUID]) {
        self.name = name
        self.purpose = purpose
        self.madeOn = madeOn
        self.itemIDs = itemIDs
    }

    /// The product's shape; whether the items are open (and granted) is the database's to say.
    public func validate() throws(RegistryError) {
        if SQLText.isBlank(name) || name.count > 200 { throw DataProductRules.name.error }
        if SQLText.isBlank(purpose) || purpose.count > 2000 { throw DataProductRules.purpose.error }
        if itemIDs.isEmpty || itemIDs.count > 50 || Set(itemIDs).count != itemIDs.count { throw DataProductRules.items.error }
    }
}

/// A33.1: a recorded data product, as the public list shows it: the maker by name (a natural person's masked, A13.1).
public struct DataProduct: Sendable, Hashable, Codable {
    /// An open catalog item a product uses.
    public struct Item: Sendable, Hashable, Codable {
        public var id: UUID
        public var code: String
        public var name: String
        public var institution: String
    }

    public var id: UUID
    public var number: Int64
    public var name: String
    public var maker: DataProductMaker
    /// The maker's name: an institution's or a legal person's in full, a natural person's masked (张*).
    public var makerName: String
    public var institution: String?
    public var purpose: String
    public var madeOn: CivilDate
    public var items: [Item]

    init(row: Row) throws {
        id = try row.decode("id")
        number = try row.decode("product_no")
        name = try row.decode("name")
        maker = try row.decode("maker")
        makerName = try row.decode("maker_name")
        institution = try row.decodeIfPresent("institution_uscc")
        purpose = try row.decode("purpose")
        madeOn = try row.decode("made_on")
        items = try JSONDecoder().decode([Item].self, from: Data(try row.decode("items", as: String.self).utf8))
    }
}

/// A33.1: the rules `sql/0121_data_products.sql` enforces on data products, with their fields and messages.
enum DataProductRules {
    static let name = Rule(constraint: "data_product_name_a33_1", field: "name", message: "数据产品须写明名称(不超过200字)。")
    static let purpose = Rule(constraint: "data_product_purpose_a33_1", field: "purpose", message: "数据产品须写明用途(不超过2000字)。")
    static let items = Rule(
        constraint: "data_product_items_a33_1",
        field: "item_ids",
        message: "数据产品须列明所利用的开放目录事项(1至50项,不重复)。"
    )
    static let all: [Rule] = [
        name, purpose, items,
        Rule(constraint: "data_product_one_maker_a33_1", field: "maker", message: "数据产品须有一个开发主体:数据利用主体或公共管理和服务机构。"),
        Rule(constraint: "data_product_data_user_exists_a33_1", field: "maker", message: "数据产品的开发主体账户不存在。"),
        Rule(constraint: "data_product_institution_exists_a33_1", field: "maker", message: "数据产品的开发机构不存在。"),
        Rule(constraint: "data_product_made_on_a33_1", field: "made_on", message: "数据产品的形成日期不能晚于今天。"),
        Rule(
            constraint: "data_product_items_open_a33_1",
            field: "item_ids",
            message: "数据产品只能登记利用依法开放的公共数据:所列目录事项须在开放目录中(未中止开放、未撤回,第三十三条)。"
        ),
        Rule(
            constraint: "data_product_conditional_item_granted_a33_1",
            field: "item_ids",
            message: "有条件开放的目录事项,须经本主体申请并获同意后方可登记为数据产品所利用的数据(第二十八条、第三十三条)。"
        ),
        Rule(constraint: "data_product_kept_a33_1", field: nil, message: "数据产品登记后不能更改或删除。"),
    ]
}
