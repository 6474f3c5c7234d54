import RegistryCore

/// The sign-in form (登录): login name and password.
struct SignInPage: FormPage {
    static let template = "sign-in"
    static let fields: Set<String> = ["login", "password"]
    let title = "登录"
    var notice: String?
    var login: FormField
    var password: FormField
    var errors: FormErrors

    init(input: SignInInput = SignInInput(), notice: String? = nil, errors: FormErrors = FormErrors()) {
        self.notice = notice
        login = FormField("login", label: "登录名", value: input.login ?? "", autocomplete: "username", errors: errors)
        password = FormField("password", label: "密码", type: "password", autocomplete: "current-password", errors: errors)
        self.errors = errors
    }

    /// The notices other pages send people here with (`/sign-in?notice=…`); anything else shows nothing.
    static func notice(_ key: String?) -> String? {
        switch key {
        case "signed_out": "您已退出登录。"
        case "signed_out_everywhere": "您已在所有设备上退出登录。"
        case "password_set": "密码已设置,请用新密码登录。"
        default: nil
        }
    }
}

/// What the sign-in form posts.
struct SignInInput: Decodable, Sendable {
    var login: String?
    var password: String?
}

/// Setting a password through a one-time link (设置密码); a link that cannot be used says so instead of the form.
struct PasswordSetupPage: FormPage {
    static let template = "password-setup"
    static let fields: Set<String> = ["password", "password_repeated"]
    let title = "设置密码"
    /// The link's token, carried by the form.
    var token: String
    /// The account's name, when the link can be used.
    var accountName: String?
    var password: FormField
    var passwordRepeated: FormField
    var errors: FormErrors
    let minimumLength = PasswordPolicy.minimumLength

    init(token: String, accountName: String?, errors: FormErrors = FormErrors()) {
        self.token = token
        self.accountName = accountName
        password = FormField(
            "password",
            label: "新密码",
            type: "password",
            autocomplete: "new-password",
            hint: "至少 \(PasswordPolicy.minimumLength) 个字符,不能是常见密码。",
            errors: errors
        )
        passwordRepeated = FormField(
            "password_repeated",
            label: "再次输入新密码",
            type: "password",
            autocomplete: "new-password",
            errors: errors
        )
        self.errors = errors
    }
}

/// What the password form posts.
struct PasswordSetupInput: Decodable, Sendable {
    var token: String?
    var password: String?
    var passwordRepeated: String?

    enum CodingKeys: String, CodingKey {
        case token, password
        case passwordRepeated = "password_repeated"
    }
}
