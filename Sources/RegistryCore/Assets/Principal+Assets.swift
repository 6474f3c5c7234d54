/// A43.1: who may read the asset register. Clerks read their own institution's assets; reviewers of a public data
/// authority read the assets of its division and of every division below it (A5.1).
extension Principal {
    /// Refuses unless the actor may read an asset of `holder`, whose division's `lineage` runs from the region down:
    /// a clerk of the holder, or a reviewer of the authority of a division in the lineage.
    public func requireAssetReader(holder: String, lineage: [String]) throws(RegistryError) {
        try require(.clerk, .reviewer)
        if role == .clerk {
            try requireClerk(of: holder)
        } else {
            try requireAuthority(overLineage: lineage)
        }
    }
}
