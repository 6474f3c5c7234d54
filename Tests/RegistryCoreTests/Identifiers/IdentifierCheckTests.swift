import Foundation
import RegistryCore
import Testing

/// A13.1 / A14.1: telling which identifier a string is, without ever echoing a citizen number.
@Suite("Identifier check (A13.1, A14.1)")
struct IdentifierCheckTests {
    private let asOf = IdentifierSamples.asOf

    @Test("a valid citizen number is recognised and shown masked")
    func citizen() {
        let result = IdentifierCheck.check("11010519491231002x", asOf: asOf)
        #expect(result.kind == .citizenIdentityNumber)
        #expect(result.isValid)
        #expect(result.display == "110105********002X")
        #expect(result.reason == nil && result.reasonZH == nil && result.error == nil)
    }

    @Test("a valid credit code is recognised and shown upper-case")
    func credit() {
        let result = IdentifierCheck.check("91350100m000100y43", asOf: asOf)
        #expect(result.kind == .unifiedSocialCreditCode)
        #expect(result.isValid)
        #expect(result.display == "91350100M000100Y43")
    }

    @Test("an all-digit credit code is a credit code, not an invalid citizen number")
    func allDigitCredit() {
        let result = IdentifierCheck.check(IdentifierSamples.allDigitCredit, asOf: asOf)
        #expect(result.kind == .unifiedSocialCreditCode)
        #expect(result.isValid)
    }

    @Test("an invalid citizen-shaped string is an invalid citizen number, with the reason and no echo")
    func invalidCitizen() throws {
        let input = "110105194912310021"
        let result = IdentifierCheck.check(input, asOf: asOf)
        #expect(result.kind == .citizenIdentityNumber)
        #expect(!result.isValid)
        #expect(result.display == nil)
        #expect(result.position == 18)
        #expect(result.reason == "character 18 should be 'X' (check character, ISO 7064 MOD 11-2)")
        let json = String(decoding: try JSONEncoder().encode(result), as: UTF8.self)
        #expect(!json.contains("1949"))
        #expect(json.contains(#""kind":"citizen_identity_number""#))
        #expect(json.contains(#""valid":false"#))
    }

    @Test("an invalid 18-character string with letters is an invalid credit code")
    func invalidCredit() {
        let result = IdentifierCheck.check("91350100M000100Y4Z", asOf: asOf)
        #expect(result.kind == .unifiedSocialCreditCode)
        #expect(!result.isValid)
        #expect(result.reason == "position 18 should be '3' (check character, GB 32100 MOD 31)")
    }

    @Test("anything not 18 characters long is unknown, with the reason", arguments: ["", "12345", "110105491231002", "91350100M000100Y43 "])
    func unknown(text: String) {
        let result = IdentifierCheck.check(text, asOf: asOf)
        #expect(result.kind == .unknown)
        #expect(!result.isValid)
        #expect(result.display == nil)
        #expect(
            result.reason
                == "not an identifier: a citizen identity number or a unified social credit code has 18 characters, got \(text.unicodeScalars.count)"
        )
        #expect(result.reasonZH?.hasPrefix("无法识别") == true)
    }

    @Test("no result for any parity input carries an unmasked citizen number")
    func neverEchoes() throws {
        for input in IdentifierSamples.parityInputs(count: 600) {
            let result = IdentifierCheck.check(input, asOf: asOf)
            let json = String(decoding: try JSONEncoder().encode(result), as: UTF8.self)
            if input.unicodeScalars.count == 18, result.kind == .citizenIdentityNumber {
                #expect(!json.contains(String(input.unicodeScalars.dropFirst(6).prefix(8))), "\(json)")
                if let error = result.error { CitizenIdentityNumberTests.expectNoNumber(in: error, input: input) }
            }
            // Valid means the same as the initialisers say.
            let citizenValid = (try? CitizenIdentityNumber(validating: input, asOf: asOf)) != nil
            let creditValid = (try? UnifiedSocialCreditCode(validating: input)) != nil
            #expect(result.isValid == (citizenValid || creditValid))
            #expect(result.kind == .citizenIdentityNumber || !citizenValid)
        }
    }
}
