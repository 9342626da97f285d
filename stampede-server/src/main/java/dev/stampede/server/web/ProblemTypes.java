package dev.stampede.server.web;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The problem types an endpoint answers for its own reasons (an unknown id, a lost race, a refused key), beside those
 * every endpoint may answer, which {@link ApiDescription} adds by itself. Read by the API description only: it
 * changes no answer.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
@interface ProblemTypes {

    Problems[] value();
}
