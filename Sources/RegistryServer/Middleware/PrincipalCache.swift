import Foundation
import NIOConcurrencyHelpers
import RegistryCore

/// The actors of recently presented tokens, so that a read does not look its token up again within a few seconds —
/// at provincial scale the lookup was a second pool lease and query on every catalog read.
///
/// Only reads use it: every change authenticates against the database, so a revoked token changes nothing from the
/// moment it is revoked. A revocation through this server forgets the account at once; one made elsewhere (the CLI,
/// another server) reaches this server's reads within ``lifetime``.
final class PrincipalCache: Sendable {
    /// How long an actor is served from memory after its token was looked up.
    let lifetime: Duration
    /// At most this many tokens are remembered; when full, expired ones are dropped, then all.
    let capacity: Int
    private let entries = NIOLockedValueBox<[String: Entry]>([:])

    private struct Entry {
        var actor: Principal
        var expires: ContinuousClock.Instant
    }

    init(lifetime: Duration = .seconds(5), capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = capacity
    }

    /// The actor remembered for `token`, if looked up less than ``lifetime`` ago.
    func actor(for token: APIToken) -> Principal? {
        let now = ContinuousClock.now
        return entries.withLockedValue { entries in
            guard let entry = entries[token.value] else { return nil }
            guard entry.expires > now else {
                entries[token.value] = nil
                return nil
            }
            return entry.actor
        }
    }

    /// Remembers the actor just looked up for `token`.
    func remember(_ actor: Principal, for token: APIToken) {
        let expires = ContinuousClock.now + lifetime
        entries.withLockedValue { entries in
            if entries.count >= capacity {
                let now = ContinuousClock.now
                entries = entries.filter { $0.value.expires > now }
                if entries.count >= capacity { entries.removeAll() }
            }
            entries[token.value] = Entry(actor: actor, expires: expires)
        }
    }

    /// Forgets every token of `account` (after it was revoked).
    func forget(account: UUID) {
        entries.withLockedValue { entries in entries = entries.filter { $0.value.actor.account.id != account } }
    }
}
