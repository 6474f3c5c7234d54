/// A44.1: the rules `sql/0001_audit.sql` enforces on the audit trail, with the sentences people read when one refuses.
enum AuditRules {
    static let all: [Rule] = [
        Rule(
            constraint: "audit_log_append_only_a44_1",
            field: nil,
            message: "审计日志只能追加,不能修改、删除或清空。"
        ),
        Rule(
            constraint: "audit_chain_advanced_by_log_only_a44_1",
            field: nil,
            message: "审计链头只随审计日志的追加而推进,不能直接修改。"
        ),
        Rule(
            constraint: "audit_log_operation_known_a44_1",
            field: "operation",
            message: "审计日志的操作类型只能是 insert、update 或 delete。"
        ),
        Rule(
            constraint: "audit_log_action_present_a44_1",
            field: "action",
            message: "审计日志必须记录所做的操作。"
        ),
        Rule(
            constraint: "audit_log_entity_present_a44_1",
            field: "entity",
            message: "审计日志必须记录被操作的数据表。"
        ),
        Rule(
            constraint: "audit_chain_hash_is_sha256_a44_1",
            field: "hash",
            message: "审计链头的哈希必须是32字节的SHA-256值。"
        ),
        Rule(
            constraint: "audit_chain_seq_not_negative_a44_1",
            field: "seq",
            message: "审计链头的序号不能为负数。"
        ),
        Rule(
            constraint: "audited_table_no_truncate_a44_1",
            field: nil,
            message: "受审计的数据表不能整表清空;请逐行删除,以便每次删除都留下审计记录。"
        ),
    ]
}
