package dev.convo.conversation;

import jakarta.enterprise.context.ApplicationScoped;

import dev.convo.llm.ModelCatalogue;

/**
 * Shows conversations: with the model their replies are written with, as the catalogue resolves it.
 */
@ApplicationScoped
public class ConversationViews {

    private final ModelCatalogue catalogue;

    ConversationViews(ModelCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    public ConversationView view(Conversation conversation) {
        return ConversationView.of(conversation,
                catalogue.ofConversation(conversation.settings == null ? null : conversation.settings.model).id());
    }
}
