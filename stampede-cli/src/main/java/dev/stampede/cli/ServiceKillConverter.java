package dev.stampede.cli;

import dev.stampede.bench.scenario.ServiceKill;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code kill-service@5s} or {@code kill-service@500ms}; see {@link ServiceKill#parse}. */
final class ServiceKillConverter implements ITypeConverter<ServiceKill> {

    @Override
    public ServiceKill convert(String value) {
        try {
            return ServiceKill.parse(value);
        } catch (IllegalArgumentException e) {
            throw new TypeConversionException(e.getMessage());
        }
    }
}
