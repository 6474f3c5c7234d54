extension IdentifierError {
    /// The refusal users see when `field` holds an invalid identifier, naming the article (A13.1 or A14.1).
    public func registryError(field: String) -> RegistryError {
        RegistryError(.invalidInput, reasonZH + "。", field: field, article: requirement)
    }
}
