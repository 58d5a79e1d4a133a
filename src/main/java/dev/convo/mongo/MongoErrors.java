package dev.convo.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteException;

/**
 * Reads the few MongoDB failures the service reacts to instead of reporting them.
 */
public final class MongoErrors {

    private static final int DUPLICATE_KEY = 11000;

    private MongoErrors() {
    }

    /** The database could not be reached or lost its primary: the same operation may well succeed shortly. */
    public static boolean isUnavailable(Throwable failure) {
        return failure instanceof MongoTimeoutException || failure instanceof MongoSocketException
                || failure instanceof MongoNotPrimaryException || failure instanceof MongoNodeIsRecoveringException;
    }

    /** A write hit a unique index: a user who already exists, or a sequence number another turn took. */
    public static boolean isDuplicateKey(Throwable failure) {
        if (failure instanceof MongoWriteException write) {
            return write.getError().getCategory() == ErrorCategory.DUPLICATE_KEY;
        }
        if (failure instanceof MongoBulkWriteException bulk) {
            return bulk.getWriteErrors().stream().anyMatch(error -> error.getCode() == DUPLICATE_KEY);
        }
        return failure instanceof MongoCommandException command && command.getErrorCode() == DUPLICATE_KEY;
    }
}
