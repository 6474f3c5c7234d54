/// A44.1: the database's rules on logins, passwords and sessions (`sql/0045_web_sign_in.sql`), with the words people
/// read when one refuses something.
enum SignInRules {
    static let loginShape = Rule(
        constraint: "account_login_shape_a44_1",
        field: "login",
        message: "登录名须以小写字母开头,由 3 至 32 个小写字母、数字、点、下划线或连字符组成。"
    )
    static let loginUnique = Rule(
        constraint: "account_login_unique_a44_1",
        field: "login",
        message: "该登录名已被其他账户使用,请换一个。"
    )
    static let passwordBcrypt = Rule(
        constraint: "account_password_bcrypt_a44_1",
        field: "password",
        message: "密码只以强度不低于 12 的 bcrypt 散列保存。"
    )
    static let passwordNeedsLogin = Rule(
        constraint: "account_password_needs_login_a44_1",
        field: "login",
        message: "账户须先有登录名,才能设置密码。"
    )
    static let passwordDated = Rule(
        constraint: "account_password_dated_by_registry_a44_1",
        field: nil,
        message: "密码的设置时间由登记系统记录。"
    )
    static let setupForCurrentLogin = Rule(
        constraint: "password_setup_for_current_login_a44_1",
        field: "login",
        message: "只能为有登录名且未撤销的账户生成设置密码的链接。"
    )
    static let setupKept = Rule(
        constraint: "password_setup_kept_a44_1",
        field: nil,
        message: "设置密码的链接只能被使用,不能修改或删除。"
    )
    static let setupLinkValid = Rule(
        constraint: "password_setup_link_valid_a44_1",
        field: "token",
        message: "设置密码的链接已使用、已过期(有效期 72 小时)或已被新链接取代:请联系管理员重新生成。"
    )
    static let failureKept = Rule(
        constraint: "sign_in_failure_kept_a44_1",
        field: nil,
        message: "登录失败记录按原样保存,不能修改或删除。"
    )
    static let sessionForCurrentAccount = Rule(
        constraint: "web_session_for_current_account_a44_1",
        field: "login",
        message: "登录名或密码不正确。"
    )
    static let sessionWaits = Rule(
        constraint: "web_session_sign_in_waits_a44_1",
        field: "login",
        message: "该登录名连续登录失败次数过多,请稍后再试。"
    )
    static let sessionKept = Rule(
        constraint: "web_session_kept_a44_1",
        field: nil,
        message: "会话只能续期或结束一次,不能修改。"
    )

    static let all = [
        loginShape, loginUnique, passwordBcrypt, passwordNeedsLogin, passwordDated, setupForCurrentLogin, setupKept,
        setupLinkValid, failureKept, sessionForCurrentAccount, sessionWaits, sessionKept,
    ]
}
