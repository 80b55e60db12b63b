package org.pathwayengine.credentials;

import com.apicatalog.jsonld.JsonLdError;
import com.apicatalog.jsonld.JsonLdErrorCode;
import com.apicatalog.jsonld.document.Document;
import com.apicatalog.jsonld.document.JsonDocument;
import com.apicatalog.jsonld.loader.DocumentLoader;
import com.apicatalog.jsonld.loader.DocumentLoaderOptions;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.Map;

/**
 * The JSON-LD contexts a credential may name, served from the copies in {@code src/main/resources/jsonld-contexts}
 * (their README says where each comes from). Nothing is ever fetched: any other context fails the load, and the
 * credential is reported unverified with that context's URL.
 */
final class LocalContexts implements DocumentLoader {

    private static final Map<String, String> FILES = Map.ofEntries(
            Map.entry("https://www.w3.org/2018/credentials/v1", "credentials-v1.jsonld"),
            Map.entry("https://www.w3.org/ns/credentials/v2", "credentials-v2.jsonld"),
            Map.entry("https://w3id.org/security/data-integrity/v1", "data-integrity-v1.jsonld"),
            Map.entry("https://w3id.org/security/data-integrity/v2", "data-integrity-v2.jsonld"),
            Map.entry("https://w3id.org/security/suites/ed25519-2020/v1", "ed25519-signature-2020-v1.jsonld"),
            Map.entry("https://purl.imsglobal.org/spec/ob/v3p0/context.json", "ob-v3p0-context.json"),
            Map.entry("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.1.json", "ob-v3p0-context-3.0.1.json"),
            Map.entry("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.2.json", "ob-v3p0-context-3.0.2.json"),
            Map.entry("https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json", "ob-v3p0-context-3.0.3.json"),
            Map.entry("https://purl.imsglobal.org/spec/ob/v3p0/extensions.json", "ob-v3p0-extensions.json"));

    static final LocalContexts INSTANCE = new LocalContexts();

    private LocalContexts() {
    }

    /** Whether a copy of this context is held. */
    static boolean holds(String url) {
        return FILES.containsKey(url);
    }

    @Override
    public Document loadDocument(URI url, DocumentLoaderOptions options) throws JsonLdError {
        String file = FILES.get(url.toString());
        if (file == null) {
            throw new JsonLdError(JsonLdErrorCode.LOADING_DOCUMENT_FAILED, "the context " + url
                    + " is not one this service holds a copy of (contexts are never fetched)");
        }
        try (InputStream in = LocalContexts.class.getResourceAsStream("/jsonld-contexts/" + file)) {
            if (in == null) {
                throw new JsonLdError(JsonLdErrorCode.LOADING_DOCUMENT_FAILED, "the copy of " + url + " is missing");
            }
            Document document = JsonDocument.of(in);
            document.setDocumentUrl(url);
            return document;
        } catch (IOException e) {
            throw new JsonLdError(JsonLdErrorCode.LOADING_DOCUMENT_FAILED, "the copy of " + url + " cannot be read");
        }
    }
}
