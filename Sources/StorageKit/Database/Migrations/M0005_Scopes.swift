import QueueKit

extension StorageMigrations {
    /// Scopes on API keys, and sources an operator lets a store remove.
    ///
    /// Keys made before this migration get `read,submit`: what an Archivematica pipeline
    /// needs, and no more. Before it every key could do everything, locations and direct
    /// deletes included; an operator who relied on that gives the key `admin` with
    /// `ss-cli apikey scope <user> admin`.
    ///
    /// `removable_source`: a store may remove its source only from a transfer-source
    /// location the operator marked so when adding it; existing locations are not marked.
    static let m0005Scopes = Migration(component: component, version: 5, name: "api key scopes, removable sources", sql: #"""
        ALTER TABLE api_keys ADD COLUMN scopes text[] NOT NULL DEFAULT '{read,submit}'
          CHECK (cardinality(scopes) > 0 AND scopes <@ '{read,submit,review,admin}'::text[]);
        ALTER TABLE locations ADD COLUMN removable_source boolean NOT NULL DEFAULT false;
        """#)
}
