package io.metastream.domain.data;

import java.util.List;

/**
 * The synthetic generator's world: topics, each with ways to ask about it, a persona-sentence template,
 * reply templates and a dozen values. {@code {v}} in a template is replaced by the persona's value, so a
 * reply expresses exactly one fact of the persona that speaks it. Text is lower-case with spaced
 * punctuation like ConvAI2, and never contains a TAB or '|', which the ParlAI format reserves.
 */
final class FactBank {
    /** One topic. */
    record Topic(String name, List<String> questions, String fact, List<String> replies, List<String> values) {
        Topic {
            questions = List.copyOf(questions);
            replies = List.copyOf(replies);
            values = List.copyOf(values);
        }

        String fact(int value) {
            return fact.replace("{v}", values.get(value));
        }

        String reply(int template, int value) {
            return replies.get(template).replace("{v}", values.get(value));
        }
    }

    private static final List<Topic> TOPICS = List.of(
            new Topic("pets",
                    List.of("do you have any pets ?", "what animals live with you ?", "are you an animal person ?"),
                    "i have {v} .",
                    List.of("yes , i have {v} at home .", "i live with {v} and love them .", "my best friends are {v} ."),
                    List.of("a golden retriever", "two black cats", "a parrot", "a pet rabbit", "three goldfish",
                            "a bearded dragon", "a pair of hamsters", "an old beagle", "a rescue greyhound",
                            "a tortoise", "a ferret", "a husky puppy")),
            new Topic("job",
                    List.of("what do you do for a living ?", "what is your job ?", "where do you work ?"),
                    "i work as {v} .",
                    List.of("i work as {v} .", "these days i am {v} .", "i make my living as {v} ."),
                    List.of("a nurse", "a truck driver", "a teacher", "a baker", "a software developer", "a plumber",
                            "a librarian", "a firefighter", "an accountant", "a farmer", "a dentist", "a pilot")),
            new Topic("food",
                    List.of("what is your favorite food ?", "what do you like to eat ?", "what did you have for dinner ?"),
                    "my favorite food is {v} .",
                    List.of("i could eat {v} every day .", "nothing beats {v} for me .", "i just had {v} , my favorite ."),
                    List.of("pizza", "sushi", "tacos", "pancakes", "spicy curry", "lasagna", "ramen", "fried chicken",
                            "greek salad", "dumplings", "cheeseburgers", "pad thai")),
            new Topic("hobby",
                    List.of("what do you do for fun ?", "any hobbies ?", "how do you spend your weekends ?"),
                    "i love {v} .",
                    List.of("i spend my free time {v} .", "mostly {v} , it relaxes me .", "on weekends i am always {v} ."),
                    List.of("knitting", "painting", "hiking", "gardening", "playing chess", "fishing", "baking bread",
                            "woodworking", "bird watching", "rock climbing", "playing video games", "writing poems")),
            new Topic("family",
                    List.of("tell me about your family .", "do you have kids ?", "who do you live with ?"),
                    "i have {v} .",
                    List.of("i have {v} .", "my family is small , just {v} .", "well , there is {v} in my life ."),
                    List.of("three daughters", "a twin brother", "two sons", "a big family of seven", "one little girl",
                            "an older sister", "four grandchildren", "a newborn baby", "two stepbrothers",
                            "a wife and a son", "no siblings at all", "five cousins nearby")),
            new Topic("place",
                    List.of("where do you live ?", "where are you from ?", "what city are you in ?"),
                    "i live in {v} .",
                    List.of("i live in {v} .", "i am from {v} .", "home for me is {v} ."),
                    List.of("alaska", "texas", "a small town in ohio", "new york city", "florida", "canada", "london",
                            "a farm in iowa", "seattle", "chicago", "the mountains of colorado", "a beach town in maine")),
            new Topic("music",
                    List.of("what music do you like ?", "what do you listen to ?", "who is your favorite band ?"),
                    "i listen to {v} .",
                    List.of("i mostly listen to {v} .", "{v} is all i play in the car .", "i am a huge fan of {v} ."),
                    List.of("country music", "jazz", "heavy metal", "classical music", "hip hop", "the beatles",
                            "taylor swift", "reggae", "opera", "blues", "k-pop", "punk rock")),
            new Topic("sport",
                    List.of("do you play any sports ?", "what sport do you like ?", "do you watch sports ?"),
                    "i play {v} .",
                    List.of("i play {v} every week .", "{v} is my sport .", "i have played {v} since school ."),
                    List.of("basketball", "soccer", "tennis", "golf", "volleyball", "baseball", "hockey", "rugby",
                            "badminton", "table tennis", "cricket", "water polo")),
            new Topic("color",
                    List.of("what is your favorite color ?", "which color do you like best ?", "what color is your car ?"),
                    "my favorite color is {v} .",
                    List.of("{v} , definitely .", "i love anything {v} .", "my whole room is {v} ."),
                    List.of("red", "blue", "green", "yellow", "purple", "orange", "pink", "black", "white", "teal",
                            "gold", "silver")),
            new Topic("drink",
                    List.of("what do you like to drink ?", "coffee or tea ?", "what is your go to drink ?"),
                    "i drink {v} .",
                    List.of("i always drink {v} .", "a cup of {v} makes my day .", "{v} , every morning ."),
                    List.of("black coffee", "green tea", "orange juice", "lemonade", "hot chocolate", "iced tea",
                            "sparkling water", "chai", "espresso", "milk", "smoothies", "root beer")));

    private FactBank() {
    }

    static List<Topic> topics() {
        return TOPICS;
    }
}
