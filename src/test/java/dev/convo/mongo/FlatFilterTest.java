package dev.convo.mongo;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.or;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.bson.BsonDocument;
import org.bson.conversions.Bson;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;

import com.mongodb.MongoClientSettings;

class FlatFilterTest {

    @Test
    void conditionsOnDistinctFieldsBecomeOneDocument() {
        ObjectId id = new ObjectId("65f000000000000000000001");
        Bson filter = FlatFilter.allOf(eq("conversationId", id), lt("seq", 7L),
                or(eq("a", 1), FlatFilter.allOf(eq("b", 2), lt("c", 3))));

        assertEquals(BsonDocument.parse("{conversationId: {$oid: '65f000000000000000000001'}, seq: {$lt: {$numberLong: '7'}},"
                + " $or: [{a: 1}, {b: 2, c: {$lt: 3}}]}"), render(filter));
    }

    @Test
    void twoConditionsOnOneFieldAreRefused() {
        Bson filter = FlatFilter.allOf(eq("seq", 1), lt("seq", 3));

        assertThrows(IllegalArgumentException.class, () -> render(filter));
    }

    private static BsonDocument render(Bson filter) {
        return filter.toBsonDocument(BsonDocument.class, MongoClientSettings.getDefaultCodecRegistry());
    }
}
