package dev.aibilling.adapter.dynamodb;

import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primaryPartitionKey;
import static software.amazon.awssdk.enhanced.dynamodb.mapper.StaticAttributeTags.primarySortKey;

import dev.aibilling.domain.plans.Money;
import dev.aibilling.domain.plans.Plan;
import java.util.List;
import software.amazon.awssdk.enhanced.dynamodb.EnhancedType;
import software.amazon.awssdk.enhanced.dynamodb.TableSchema;
import software.amazon.awssdk.enhanced.dynamodb.mapper.StaticImmutableTableSchema;

/** A plan item, mapped by the Enhanced client's static (reflection-free) schema. */
final class PlanItems {
    static final TableSchema<Plan> SCHEMA = StaticImmutableTableSchema.builder(Plan.class, Builder.class)
            .newItemBuilder(Builder::new, Builder::build)
            .addAttribute(String.class, a -> a.name(Keys.PK).getter(p -> Keys.CATALOG).setter((b, v) -> { })
                    .tags(primaryPartitionKey()))
            .addAttribute(String.class, a -> a.name(Keys.SK).getter(p -> Keys.plan(p.id())).setter((b, v) -> { })
                    .tags(primarySortKey()))
            .addAttribute(String.class, a -> a.name("planId").getter(Plan::id).setter((b, v) -> b.id = v))
            .addAttribute(String.class, a -> a.name("name").getter(Plan::name).setter((b, v) -> b.name = v))
            .addAttribute(String.class, a -> a.name("description").getter(Plan::description)
                    .setter((b, v) -> b.description = v))
            .addAttribute(Long.class, a -> a.name("monthlyPrice").getter(p -> p.monthlyPrice().amount())
                    .setter((b, v) -> b.monthlyPrice = v))
            .addAttribute(Long.class, a -> a.name("yearlyPrice").getter(p -> p.yearlyPrice().amount())
                    .setter((b, v) -> b.yearlyPrice = v))
            .addAttribute(String.class, a -> a.name("currency").getter(p -> p.monthlyPrice().currency())
                    .setter((b, v) -> b.currency = v))
            .addAttribute(Integer.class, a -> a.name("chatsPerMonth").getter(Plan::chatsPerMonth)
                    .setter((b, v) -> b.chatsPerMonth = v))
            .addAttribute(Integer.class, a -> a.name("pdfsPerChat").getter(Plan::pdfsPerChat)
                    .setter((b, v) -> b.pdfsPerChat = v))
            .addAttribute(Long.class, a -> a.name("creditsPerMonth").getter(Plan::creditsPerMonth)
                    .setter((b, v) -> b.creditsPerMonth = v))
            .addAttribute(EnhancedType.listOf(String.class), a -> a.name("features").getter(Plan::features)
                    .setter((b, v) -> b.features = v))
            .addAttribute(Boolean.class, a -> a.name("active").getter(Plan::active).setter((b, v) -> b.active = v))
            .addAttribute(String.class, a -> a.name("monthlyPriceId").getter(Plan::monthlyPriceId)
                    .setter((b, v) -> b.monthlyPriceId = v))
            .addAttribute(String.class, a -> a.name("yearlyPriceId").getter(Plan::yearlyPriceId)
                    .setter((b, v) -> b.yearlyPriceId = v))
            .build();

    private PlanItems() {
    }

    static final class Builder {
        private String id;
        private String name;
        private String description;
        private Long monthlyPrice;
        private Long yearlyPrice;
        private String currency;
        private Integer chatsPerMonth;
        private Integer pdfsPerChat;
        private Long creditsPerMonth;
        private List<String> features;
        private Boolean active;
        private String monthlyPriceId;
        private String yearlyPriceId;

        Plan build() {
            return new Plan(id, name, description, new Money(monthlyPrice, currency), new Money(yearlyPrice, currency),
                    chatsPerMonth, pdfsPerChat, creditsPerMonth, features, Boolean.TRUE.equals(active),
                    monthlyPriceId, yearlyPriceId);
        }
    }
}
