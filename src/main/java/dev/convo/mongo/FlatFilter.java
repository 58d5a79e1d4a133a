package dev.convo.mongo;

import java.util.List;
import java.util.Map;

import org.bson.BsonDocument;
import org.bson.BsonValue;
import org.bson.codecs.configuration.CodecRegistry;
import org.bson.conversions.Bson;

/**
 * A conjunction of conditions on distinct fields written as one document, {@code {a: 1, b: {$lt: 2}}}, the way
 * queries are written by hand, instead of the driver's {@code {$and: [{a: 1}, {b: {$lt: 2}}]}}. MongoDB plans both
 * alike; the embedded wire server of development, tests and the benchmark evaluates the flat form about a quarter
 * faster when it scans a collection.
 */
public final class FlatFilter implements Bson {

    private final List<Bson> conditions;

    private FlatFilter(List<Bson> conditions) {
        this.conditions = conditions;
    }

    /** All of {@code conditions}, each on fields of its own (else this fails when rendered). */
    public static Bson allOf(Bson... conditions) {
        return new FlatFilter(List.of(conditions));
    }

    @Override
    public <TDocument> BsonDocument toBsonDocument(Class<TDocument> documentClass, CodecRegistry registry) {
        BsonDocument flat = new BsonDocument();
        for (Bson condition : conditions) {
            for (Map.Entry<String, BsonValue> field : condition.toBsonDocument(documentClass, registry).entrySet()) {
                if (flat.put(field.getKey(), field.getValue()) != null) {
                    throw new IllegalArgumentException("Two conditions on " + field.getKey() + " in one flat filter");
                }
            }
        }
        return flat;
    }

    @Override
    public String toString() {
        return "FlatFilter" + conditions;
    }
}
