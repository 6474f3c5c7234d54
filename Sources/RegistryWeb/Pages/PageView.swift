import Foundation
import RegistryCore

/// A page: the Mustache template under `web/templates` that shows it, and the values it shows (its view model).
///
/// A template extends the layout and reads the view model inside `{{#page}}…{{/page}}`:
///
///     {{<layout}}{{$main}}{{#page}}<h1>{{title}}</h1>…{{/page}}{{/main}}{{/layout}}
public protocol PageView: Sendable {
    /// The template's name, without `.mustache`.
    static var template: String { get }
    /// The page's title, in `<title>` and its heading.
    var title: String { get }
}

/// What the layout shows around every page: the title, who is signed in, the navigation and the form token.
struct PageFrame<Page: PageView>: Sendable {
    var title: String
    /// `nil` on the pages of people not signed in.
    var header: Header?
    /// The token of the hidden `csrf` input every form carries (the `csrf` partial).
    var csrf: String
    /// The hidden `form_key` of this rendering's forms (the `csrf` partial): 128 random bits, so that the same form
    /// sent twice creates one record (``IdempotencyMiddleware``).
    var formKey: String
    var page: Page

    /// The signed-in person as the header shows them, and the navigation of their role.
    struct Header: Sendable {
        var name: String
        var roleLabel: String
        var institutionName: String?
        var navigation: [NavigationLink]
    }

    init(_ page: Page, context: WebRequestContext, path: String) {
        title = page.title
        csrf = context.csrfToken
        formKey = UUID().uuidString.lowercased()
        self.page = page
        header = context.signedIn.map { signedIn in
            Header(
                name: signedIn.actor.account.displayName,
                roleLabel: signedIn.actor.role.label,
                institutionName: signedIn.institutionName,
                navigation: Navigation.links(for: signedIn.actor.role, current: path)
            )
        }
    }
}
