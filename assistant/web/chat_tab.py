"""The Chat tab: conversation list, chatbot with examples, message box and feedback comment."""

import gradio as gr

from assistant.web.chat import EXAMPLES, ChatHandlers, ChatState

PLACEHOLDER = (
    "### Ask about IT outsourcing\n"
    "Answers come only from the company knowledge base, with numbered sources you can open. "
    "Try one of these:"
)


class ChatTab:
    """The components of the Chat tab other tabs may need to drive."""

    def __init__(self, handlers: ChatHandlers, demo: gr.Blocks, answer_slots: int):
        self.handlers = handlers
        self.state = gr.State(ChatState())
        with gr.Row(equal_height=False):
            with gr.Column(scale=1, min_width=230, elem_id="history-panel"):
                self.new = gr.Button("New chat", variant="primary", elem_id="new-chat")
                self.plan = gr.Button("Plan an outsourcing", elem_id="open-plan")
                self.conversations = gr.Radio(label="Earlier conversations", choices=[], elem_id="conversations",
                                              info="Only you can see your conversations.")
                self.delete = gr.Button("Delete selected conversation", size="sm", elem_id="delete-chat")
            with gr.Column(scale=4):
                self.chatbot = gr.Chatbot(
                    label="Assistant", show_label=False, elem_id="chatbot", height=620, placeholder=PLACEHOLDER,
                    examples=[{"text": q} for q in EXAMPLES], feedback_options=("Like", "Dislike"),
                    sanitize_html=True, allow_tags=False, buttons=["copy"], layout="bubble",
                )
                self.box = gr.Textbox(
                    placeholder="Ask a question about IT outsourcing…", label="Message", show_label=False, elem_id="question",
                    lines=1, max_lines=6, submit_btn="Send", autofocus=True,
                )
                with gr.Group(visible=False, elem_id="feedback-comment") as self.comment_group:
                    self.comment = gr.Textbox(label="Thanks! Anything to add? (optional: what was wrong or useful)",
                                              lines=2, elem_id="feedback-text")
                    with gr.Row():
                        self.save_comment = gr.Button("Send comment", size="sm", variant="primary")
                        self.skip_comment = gr.Button("Skip", size="sm")
        self._wire(demo, answer_slots)

    def _wire(self, demo: gr.Blocks, answer_slots: int) -> None:
        h = self.handlers
        answer_outputs = [self.chatbot, self.box, self.state, self.conversations]
        # Answers from the box and from example clicks share one pool of slots; everything else is quick
        # and runs unqueued (concurrency_limit=None) so it never waits behind a long answer.
        self.answer_events = [
            self.box.submit(h.send, [self.box, self.state], answer_outputs, api_name="send",
                            concurrency_limit=answer_slots, concurrency_id="answers"),
            self.chatbot.example_select(h.send_example, self.state, answer_outputs, api_visibility="undocumented",
                                        concurrency_limit=answer_slots, concurrency_id="answers"),
        ]
        self.new.click(h.new_chat, None, [self.chatbot, self.state, self.conversations, self.box],
                       api_name="new_chat", concurrency_limit=None)
        # The chatbot's own trash button means the same as "New chat": the old conversation stays listed.
        self.chatbot.clear(h.new_chat, None, [self.chatbot, self.state, self.conversations, self.box],
                           api_visibility="undocumented", concurrency_limit=None)
        self.conversations.input(h.open, [self.conversations, self.state], [self.chatbot, self.state],
                                 api_name="open_conversation", concurrency_limit=None)
        self.delete.click(h.delete, [self.conversations, self.state], [self.chatbot, self.state, self.conversations],
                          api_name="delete_conversation", concurrency_limit=None)
        self.chatbot.like(h.rate, self.state, [self.comment_group, self.comment, self.state],
                          api_visibility="undocumented", concurrency_limit=None)
        self.save_comment.click(h.comment, [self.comment, self.state], [self.comment_group, self.comment, self.state],
                                api_visibility="undocumented", concurrency_limit=None)
        self.skip_comment.click(h.skip_comment, self.state, [self.comment_group, self.comment, self.state],
                                api_visibility="undocumented", concurrency_limit=None)
        demo.load(h.list_conversations, self.state, self.conversations, api_name="conversations",
                  concurrency_limit=None)
