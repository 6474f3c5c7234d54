import Foundation
import Postgres

/// A22.1 / A29.1: records, for a catalog version, the desensitisation that lets each of its items widen its share or
/// open type — what a clerk records before the version can be approved. For fixtures whose subject is not the rule.
public enum WideningConversions {
    /// Inserts a conversion with basis `desensitisation` for every widening in `version` not yet recorded.
    public static func record(in version: UUID, on connection: Connection) throws {
        try connection.query(
            """
            insert into attribute_conversion (item_id, kind, from_type, to_type, basis, version_id, converted_on, note)
            select r.item_id, k.kind, k.from_type, k.to_type, 'desensitisation', \(version), registry_today(), '测试:已脱敏'
              from catalog_item_revision r
              join catalog_version cv on cv.id = r.version_id
              join lateral (
                  select p.* from catalog_item_revision p join catalog_version v on v.id = p.version_id
                   where p.item_id = r.item_id and v.catalog_id = cv.catalog_id and v.state = 'approved' and v.number < cv.number
                   order by v.number desc limit 1) p on true
             cross join lateral (values ('share'::attribute_kind, r.share_type::text, p.share_type::text),
                                        ('open'::attribute_kind, r.open_type::text, p.open_type::text)) k (kind, to_type, from_type)
             where r.version_id = \(version) and not r.withdrawn
               and attribute_type_rank(k.kind, k.to_type) > attribute_type_rank(k.kind, k.from_type)
               and not exists (select 1 from attribute_conversion c
                                where c.item_id = r.item_id and c.version_id = \(version) and c.kind = k.kind and c.to_type = k.to_type)
            """
        )
    }
}
